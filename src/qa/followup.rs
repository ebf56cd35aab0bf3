//! Follow-up questions: a question read against the previous turn of a conversation.
//!
//! In a channel people ask in turns: "what did Rutte say about air defence?", then "and
//! about Ukraine?", "what else did he say?", "when was that?", "who else said so?". Each
//! follow-up is resolved here, as a pure function of the previous [`Turn`] (its person, its
//! topic and the statements it cited) and the new question as [`understand`] read it, into
//! the question to answer ([`Resolution`]). The rules are a table ([`RULES`]), tried in
//! order; a question none of them fits, and that names no one by a pronoun, is answered as
//! asked: a new question in the same place starts a new conversation.
//!
//! Calls `understand` (the question read) and `answer` (the turn's statements) only; where
//! the turns are kept (the bot's state database, the REPL's memory) is the caller's.
//!
//! [`understand`]: super::understand

use std::collections::{HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::answer::{Answer, CitedStatement, Intent};
use super::understand::{NameRef, Question};

/// How many turns a conversation keeps: enough for "and about X?" after "what else?", and
/// bounded, so the state kept per answer stays small.
pub const MAX_TURNS: usize = 4;

/// The most words of a statement used as the topic of "who else said so?" when the previous
/// question had no topic of its own.
const TOPIC_FROM_STATEMENT_WORDS: usize = 12;

/// One answered question, as a conversation remembers it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// The question answered, in plain words that read back to the same question ("What
    /// did Mark Rutte say about Ukraine?" for "and about Ukraine?"): "More" asks it again.
    pub question: String,
    pub intent: Intent,
    /// Who it was about, as the corpus names them.
    pub subject: Option<String>,
    pub topic: Option<String>,
    /// The statements the answer cited, in its order.
    pub statements: Vec<CitedStatement>,
    /// Keys of every statement shown for this question so far ("More" pages included).
    #[serde(default)]
    pub shown: Vec<String>,
    /// Speakers this question leaves out ("who else said so?" leaves out the first one).
    #[serde(default)]
    pub not_by: Vec<String>,
}

impl Turn {
    /// The turn `answer` makes, asked as `question` (resolved) and leaving out `not_by`.
    pub fn of(question: &str, answer: &Answer, not_by: Vec<String>) -> Turn {
        Turn {
            question: question.to_string(),
            intent: answer.intent,
            subject: answer.subject.clone(),
            topic: answer.topic.clone(),
            statements: answer.statements.clone(),
            shown: answer.statements.iter().map(CitedStatement::key).collect(),
            not_by,
        }
    }

    /// What to leave out when this question is asked again for more.
    pub fn seen(&self) -> LeaveOut {
        LeaveOut {
            statements: self.shown.iter().cloned().collect(),
            speakers: self.not_by.clone(),
            demoted: HashSet::new(),
        }
    }
}

/// The last few turns of one conversation, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub turns: VecDeque<Turn>,
}

impl Conversation {
    pub fn last(&self) -> Option<&Turn> {
        self.turns.back()
    }

    /// Add a turn, forgetting the oldest beyond [`MAX_TURNS`].
    pub fn push(&mut self, turn: Turn) {
        self.turns.push_back(turn);
        while self.turns.len() > MAX_TURNS {
            self.turns.pop_front();
        }
    }
}

/// Statements an answer must not cite: by key ([`CitedStatement::key`]) and by speaker;
/// and those it cites only when nothing else answers (`demoted`, by key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeaveOut {
    pub statements: HashSet<String>,
    /// Names as the corpus gives them; a statement whose speaker matches one is left out.
    pub speakers: Vec<String>,
    /// Cited only when no other statement is a candidate (members voted them down).
    pub demoted: HashSet<String>,
}

impl LeaveOut {
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty() && self.speakers.is_empty() && self.demoted.is_empty()
    }

    /// Both together.
    pub fn with(mut self, other: &LeaveOut) -> LeaveOut {
        self.statements.extend(other.statements.iter().cloned());
        self.speakers.extend(other.speakers.iter().cloned());
        self.demoted.extend(other.demoted.iter().cloned());
        self
    }

    /// Whether the statement `key`, said by `speaker`, is left out.
    pub fn drops(&self, key: &str, speaker: Option<&str>) -> bool {
        self.statements.contains(key)
            || speaker.is_some_and(|s| {
                self.speakers
                    .iter()
                    .any(|n| crate::nlp::names::matches(n, s) || crate::nlp::names::matches(s, n))
            })
    }
}

/// Which kind of follow-up a question is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// "and about Ukraine?": the same person, a new topic.
    NewTopic,
    /// "what did he say about Ukraine?": the pronoun is the previous person.
    Pronoun,
    /// "what else did he say?": the same person, statements not cited before.
    WhatElse,
    /// "when was that?": the date of the previous answer's first statement.
    When,
    /// "who else said so?": the previous topic, other speakers.
    WhoElse,
    /// "who disagreed?": the previous topic, other speakers (the articles rarely say who
    /// disagrees in so many words, so this is who else spoke on it).
    Disagreed,
    /// "what did Trump say about that?": a new person, the previous topic.
    SameTopic,
}

impl Form {
    pub fn as_str(&self) -> &'static str {
        match self {
            Form::NewTopic => "new-topic",
            Form::Pronoun => "pronoun",
            Form::WhatElse => "what-else",
            Form::When => "when",
            Form::WhoElse => "who-else",
            Form::Disagreed => "disagreed",
            Form::SameTopic => "same-topic",
        }
    }
}

/// What to answer for a question asked after `previous`.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// Not a follow-up: answer the question as asked.
    AsAsked,
    /// Answer `question` (its text reads back to it) instead, leaving out `leave_out`.
    Ask {
        form: Form,
        question: Box<Question>,
        leave_out: LeaveOut,
    },
    /// "When was that?": the previous answer's first statement, with its date; `None` when
    /// the previous answer cited none.
    Previous {
        statement: Option<Box<CitedStatement>>,
        subject: Option<String>,
    },
}

/// How a rule recognises its follow-up, on the question lowercased with its punctuation
/// taken out and its words single-spaced.
enum Match {
    /// The whole question is one of these.
    Exactly(&'static [&'static str]),
    /// The question starts with one of these; the rest is the new topic.
    Lead(&'static [&'static str]),
    /// The question holds one of these words in a row.
    Holds(&'static [&'static str]),
}

/// The follow-up rules, tried in order: the first that matches decides.
const RULES: &[(Form, Match)] = &[
    (
        Form::When,
        Match::Exactly(&[
            "when",
            "when was that",
            "when was this",
            "when was it",
            "when was that said",
            "when was it said",
            "when did he say that",
            "when did she say that",
            "when did they say that",
            "when did he say it",
            "when did she say it",
            "when did they say it",
            "when did that happen",
            "when did he say this",
            "when did she say this",
            "when did they say this",
            "and when",
            "and when was that",
            "what date was that",
            "what day was that",
        ]),
    ),
    (
        Form::Disagreed,
        Match::Lead(&[
            "who disagreed",
            "who disagrees",
            "who objected",
            "who pushed back",
            "who criticised",
            "who criticized",
            "did anyone disagree",
            "does anyone disagree",
        ]),
    ),
    (
        Form::WhoElse,
        Match::Lead(&[
            "who else",
            "anyone else",
            "did anyone else",
            "has anyone else",
            "who agreed",
            "who agrees",
        ]),
    ),
    (
        Form::WhatElse,
        Match::Holds(&["what else", "anything else", "what more", "something else"]),
    ),
    (
        Form::NewTopic,
        Match::Lead(&[
            "and what about",
            "and how about",
            "and about",
            "and on",
            "and regarding",
            "and concerning",
            "and",
            "what about",
            "how about",
            "about",
            "regarding",
            "on",
        ]),
    ),
];

/// Words that start a question of its own: "and who proposed a plan?" is not "and about".
const QUESTION_WORDS: &[&str] = &[
    "who", "what", "when", "where", "why", "how", "which", "did", "does", "do", "is", "was", "has",
    "have", "will", "can",
];

/// Words that make "and …" a statement of its own ("and Trump said …"), not a topic.
const SAY_WORDS: &[&str] = &["say", "said", "says", "think", "thinks", "thought"];

/// Words that stand for the previous topic ("what did Trump say about that?").
const TOPIC_PRONOUNS: &[&str] = &["it", "that", "this", "so", "them", "those", "these"];

/// Resolve `q` (read from `raw`) against the previous turn.
pub fn resolve(previous: &Turn, raw: &str, q: &Question) -> Resolution {
    let words = plain(raw);
    for (form, rule) in RULES {
        let rest = match rule {
            Match::Exactly(all) => all.contains(&words.as_str()).then(String::new),
            Match::Lead(leads) => leads.iter().find_map(|lead| lead_rest(&words, lead)),
            Match::Holds(parts) => parts
                .iter()
                .any(|p| contains_words(&words, p))
                .then(String::new),
        };
        let Some(rest) = rest else { continue };
        if let Some(r) = apply(*form, previous, raw, q, &rest) {
            return r;
        }
    }
    if q.unresolved.is_some() && q.subject.is_none() {
        if let Some(subject) = &previous_person(previous) {
            let mut asked = q.clone();
            asked.subject = Some(NameRef::name(subject));
            asked.unresolved = None;
            if is_topic_pronoun(&asked.topic) {
                asked.topic = previous.topic.clone().unwrap_or_default();
            }
            asked.text = with_name(raw, q.unresolved.as_deref().unwrap_or(""), subject);
            return Resolution::Ask {
                form: Form::Pronoun,
                question: Box::new(asked),
                leave_out: LeaveOut::default(),
            };
        }
    }
    // "What did Trump say about that?": the topic read may have dropped "that" as a
    // function word, so the words after "about" decide.
    if q.subject.is_some() && about(raw).is_some_and(|t| is_topic_pronoun(&t)) {
        if let Some(topic) = &previous.topic {
            let mut asked = q.clone();
            asked.text = format!(
                "What did {} say about {topic}?",
                q.subject.as_ref().map_or("", |s| s.text.as_str())
            );
            asked.topic = topic.clone();
            return Resolution::Ask {
                form: Form::SameTopic,
                question: Box::new(asked),
                leave_out: LeaveOut::default(),
            };
        }
    }
    Resolution::AsAsked
}

/// The resolution of a question `form`'s rule matched, `rest` being what follows the
/// rule's lead words; `None` when the previous turn lacks what the form needs (then the
/// next rule is tried).
fn apply(form: Form, previous: &Turn, raw: &str, q: &Question, rest: &str) -> Option<Resolution> {
    let person = previous_person(previous);
    let subject = person.as_deref();
    match form {
        Form::When => Some(Resolution::Previous {
            statement: previous.statements.first().cloned().map(Box::new),
            subject: previous.subject.clone(),
        }),
        Form::WhoElse | Form::Disagreed => {
            let topic = previous_topic(previous)?;
            let mut not_by: Vec<String> = previous.subject.iter().cloned().collect();
            if not_by.is_empty() {
                // "Who said X?" then "who else?": anyone but those it named.
                not_by.extend(previous.statements.iter().filter_map(|s| s.speaker.clone()));
            }
            let text = format!("Who else said something about {topic}?");
            let mut asked = Question::from_fields(Intent::WhoSaid, "", Some(&topic));
            asked.subject = None;
            asked.text = text;
            Some(Resolution::Ask {
                form,
                question: Box::new(asked),
                leave_out: LeaveOut {
                    statements: previous.shown.iter().cloned().collect(),
                    speakers: not_by,
                    demoted: HashSet::new(),
                },
            })
        }
        Form::WhatElse => {
            let subject = match (&q.subject, subject) {
                (Some(named), _) => named.text.clone(),
                (None, Some(s)) => s.to_string(),
                (None, None) => return None,
            };
            let topic = match about(raw) {
                Some(t) if is_topic_pronoun(&t) => previous.topic.clone(),
                Some(t) => Some(t),
                None => None,
            };
            Some(Resolution::Ask {
                form,
                question: Box::new(what_said(&subject, topic.as_deref())),
                leave_out: LeaveOut {
                    statements: previous.shown.iter().cloned().collect(),
                    speakers: Vec::new(),
                    demoted: HashSet::new(),
                },
            })
        }
        Form::NewTopic => {
            let subject = subject?;
            let topic = rest.trim();
            // "and?", "and who proposed a plan?" or "and Trump said …": not a new topic.
            let first = topic.split(' ').next().unwrap_or("");
            if topic.is_empty()
                || QUESTION_WORDS.contains(&first)
                || topic.split(' ').any(|w| SAY_WORDS.contains(&w))
                || topic.split(' ').count() > 12
            {
                return None;
            }
            let topic = original_words(raw, topic);
            Some(Resolution::Ask {
                form,
                question: Box::new(what_said(subject, Some(&topic))),
                leave_out: LeaveOut::default(),
            })
        }
        Form::Pronoun | Form::SameTopic => None,
    }
}

/// "What did X say [about Y]?" as a question, with that text.
fn what_said(subject: &str, topic: Option<&str>) -> Question {
    let mut q = Question::from_fields(Intent::WhatSaid, subject, topic);
    q.text = match topic {
        Some(t) if !t.trim().is_empty() => format!("What did {subject} say about {t}?"),
        _ => format!("What did {subject} say?"),
    };
    q
}

/// Who "he", "she" or "they" is after `previous`: the person it asked about, else the
/// speaker of its first statement ("who proposed a peace plan?" then "what else did he
/// say?").
fn previous_person(previous: &Turn) -> Option<String> {
    previous
        .subject
        .clone()
        .or_else(|| previous.statements.first().and_then(|s| s.speaker.clone()))
}

/// The previous turn's topic, else the words of its first statement.
fn previous_topic(previous: &Turn) -> Option<String> {
    if let Some(t) = previous.topic.as_ref().filter(|t| !t.trim().is_empty()) {
        return Some(t.clone());
    }
    let first = previous.statements.first()?;
    let words: Vec<&str> = first
        .content
        .split_whitespace()
        .take(TOPIC_FROM_STATEMENT_WORDS)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Lowercased words without punctuation, single-spaced.
fn plain(raw: &str) -> String {
    raw.to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '\'' | '’' | '-') {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What follows `lead` in `words`, when `words` starts with it as whole words.
fn lead_rest(words: &str, lead: &str) -> Option<String> {
    if words == lead {
        return Some(String::new());
    }
    words
        .strip_prefix(lead)
        .and_then(|rest| rest.strip_prefix(' '))
        .map(str::to_string)
}

fn contains_words(words: &str, part: &str) -> bool {
    format!(" {words} ").contains(&format!(" {part} "))
}

/// The topic after "about" (or "on") in a question, in its own words.
fn about(raw: &str) -> Option<String> {
    let words = plain(raw);
    let at = words
        .find(" about ")
        .map(|i| i + " about ".len())
        .or_else(|| words.find(" on ").map(|i| i + " on ".len()))?;
    let topic = words[at..].trim();
    (!topic.is_empty()).then(|| original_words(raw, topic))
}

/// `lowered` (words of `raw`, lowercased and plain) as `raw` writes them (capitals kept),
/// when found; else as given.
fn original_words(raw: &str, lowered: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '\'' | '’' | '-') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let want: Vec<&str> = lowered.split(' ').collect();
    (0..words.len())
        .find(|&i| {
            words.len() - i >= want.len()
                && words[i..i + want.len()]
                    .iter()
                    .zip(&want)
                    .all(|(w, l)| w.to_lowercase() == *l)
        })
        .map_or_else(
            || lowered.to_string(),
            |i| words[i..i + want.len()].join(" "),
        )
}

/// Whether a topic is only a word standing for the previous one ("that"), or nothing.
fn is_topic_pronoun(topic: &str) -> bool {
    let words: Vec<String> = plain(topic).split(' ').map(str::to_string).collect();
    words
        .iter()
        .filter(|w| !w.is_empty() && !matches!(w.as_str(), "about" | "on" | "say" | "said"))
        .all(|w| TOPIC_PRONOUNS.contains(&w.as_str()))
}

/// `raw` with the word `pronoun` (first found, whole word, any case) replaced by `name`.
fn with_name(raw: &str, pronoun: &str, name: &str) -> String {
    let lower = raw.to_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(i) = lower[from..].find(pronoun).map(|i| i + from) {
        let end = i + pronoun.len();
        let before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let after = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after && raw.is_char_boundary(i) && raw.is_char_boundary(end) {
            return format!("{}{name}{}", &raw[..i], &raw[end..]);
        }
        from = end;
    }
    raw.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::StatementKind;
    use crate::qa::answer::DocRef;
    use crate::qa::understand::{read, NoNames};

    fn statement(speaker: &str, content: &str, doc: &str) -> CitedStatement {
        CitedStatement {
            id: None,
            speaker: Some(speaker.to_string()),
            role: None,
            cue: Some("said".into()),
            content: content.to_string(),
            antecedent: None,
            kind: StatementKind::Direct,
            when: None,
            when_text: None,
            setting: None,
            sentence: content.to_string(),
            document: DocRef {
                id: doc.to_string(),
                title: "t".into(),
                published: None,
                url: None,
                source: None,
            },
            score: 1.0,
        }
    }

    fn rutte() -> Turn {
        let s1 = statement("Mark Rutte", "air defence must be stronger", "d1");
        let s2 = statement("Mark Rutte", "we will buy more Patriots", "d2");
        Turn {
            question: "What did Mark Rutte say about air defence?".into(),
            intent: Intent::WhatSaid,
            subject: Some("Mark Rutte".into()),
            topic: Some("air defence".into()),
            shown: vec![s1.key(), s2.key()],
            statements: vec![s1, s2],
            not_by: Vec::new(),
        }
    }

    fn resolve_q(raw: &str) -> Resolution {
        let today = chrono::NaiveDate::from_ymd_opt(2025, 10, 22).expect("date");
        resolve(&rutte(), raw, &read(raw, today, &NoNames))
    }

    /// (question, form, subject asked, topic asked, statements left out, speakers left out)
    type Row = (
        &'static str,
        Form,
        Option<&'static str>,
        &'static str,
        usize,
        usize,
    );

    #[test]
    fn follow_ups_resolve_by_the_table() {
        let rows: &[Row] = &[
            (
                "and about Ukraine?",
                Form::NewTopic,
                Some("Mark Rutte"),
                "Ukraine",
                0,
                0,
            ),
            (
                "And what about the NATO summit",
                Form::NewTopic,
                Some("Mark Rutte"),
                "the NATO summit",
                0,
                0,
            ),
            (
                "what about drones?",
                Form::NewTopic,
                Some("Mark Rutte"),
                "drones",
                0,
                0,
            ),
            (
                "what else did he say?",
                Form::WhatElse,
                Some("Mark Rutte"),
                "",
                2,
                0,
            ),
            (
                "Anything else?",
                Form::WhatElse,
                Some("Mark Rutte"),
                "",
                2,
                0,
            ),
            (
                "what else did she say about it?",
                Form::WhatElse,
                Some("Mark Rutte"),
                "air defence",
                2,
                0,
            ),
            (
                "what else did he say about Russia",
                Form::WhatElse,
                Some("Mark Rutte"),
                "Russia",
                2,
                0,
            ),
            (
                "what did he say about Ukraine?",
                Form::Pronoun,
                Some("Mark Rutte"),
                "Ukraine",
                0,
                0,
            ),
            (
                "who else said so?",
                Form::WhoElse,
                None,
                "air defence",
                2,
                1,
            ),
            ("Who else?", Form::WhoElse, None, "air defence", 2, 1),
            ("who disagreed?", Form::Disagreed, None, "air defence", 2, 1),
            (
                "What did Trump say about that?",
                Form::SameTopic,
                Some("Trump"),
                "air defence",
                0,
                0,
            ),
        ];
        for &(raw, form, subject, topic, n_statements, n_speakers) in rows {
            match resolve_q(raw) {
                Resolution::Ask {
                    form: f,
                    question,
                    leave_out,
                } => {
                    assert_eq!(f, form, "{raw}");
                    assert_eq!(
                        question.subject.as_ref().map(|s| s.text.as_str()),
                        subject,
                        "{raw}"
                    );
                    assert_eq!(question.topic.trim(), topic, "{raw}");
                    assert_eq!(leave_out.statements.len(), n_statements, "{raw}");
                    assert_eq!(leave_out.speakers.len(), n_speakers, "{raw}");
                    assert!(question.unresolved.is_none(), "{raw}");
                }
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn after_a_who_question_he_is_the_first_speaker() {
        let mut who = rutte();
        who.question = "Who wants stronger air defence?".into();
        who.intent = Intent::WhoSaid;
        who.subject = None;
        let today = chrono::NaiveDate::from_ymd_opt(2025, 10, 22).expect("date");
        for raw in ["what else did he say?", "what did she say about Ukraine?"] {
            let Resolution::Ask { question, .. } = resolve(&who, raw, &read(raw, today, &NoNames))
            else {
                panic!("{raw}: not resolved");
            };
            assert_eq!(
                question.subject.map(|s| s.text),
                Some("Mark Rutte".to_string()),
                "{raw}"
            );
        }
        let raw = "who else said so?";
        let Resolution::Ask { leave_out, .. } = resolve(&who, raw, &read(raw, today, &NoNames))
        else {
            panic!("not resolved");
        };
        assert_eq!(leave_out.speakers, ["Mark Rutte", "Mark Rutte"]);
    }

    #[test]
    fn when_was_that_is_the_first_statement_of_the_previous_answer() {
        for raw in ["when was that?", "When did he say that", "when?"] {
            match resolve_q(raw) {
                Resolution::Previous { statement, subject } => {
                    assert_eq!(
                        statement.map(|s| s.content),
                        Some("air defence must be stronger".to_string()),
                        "{raw}"
                    );
                    assert_eq!(subject.as_deref(), Some("Mark Rutte"));
                }
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn new_questions_are_answered_as_asked() {
        for raw in [
            "What did the Kremlin say about the summit?",
            "who proposed a peace plan?",
            "Who said the bridge would close?",
            "and who proposed a peace plan?",
        ] {
            assert_eq!(resolve_q(raw), Resolution::AsAsked, "{raw}");
        }
    }

    #[test]
    fn the_resolved_question_reads_back_in_words() {
        let Resolution::Ask { question, .. } = resolve_q("and about Ukraine?") else {
            panic!("not resolved");
        };
        assert_eq!(question.text, "What did Mark Rutte say about Ukraine?");
        let Resolution::Ask { question, .. } = resolve_q("what did she say about Ukraine?") else {
            panic!("not resolved");
        };
        assert_eq!(question.text, "what did Mark Rutte say about Ukraine?");
    }

    #[test]
    fn a_conversation_keeps_its_last_turns_only() {
        let mut c = Conversation::default();
        for i in 0..MAX_TURNS + 2 {
            let mut t = rutte();
            t.question = format!("q{i}");
            c.push(t);
        }
        assert_eq!(c.turns.len(), MAX_TURNS);
        assert_eq!(
            c.last().map(|t| t.question.as_str()),
            Some(format!("q{}", MAX_TURNS + 1).as_str())
        );
    }

    #[test]
    fn leave_out_matches_keys_and_speakers() {
        let l = LeaveOut {
            statements: ["d1#x".to_string()].into_iter().collect(),
            speakers: vec!["Mark Rutte".into()],
            demoted: HashSet::new(),
        };
        assert!(l.drops("d1#x", None));
        assert!(l.drops("d9#y", Some("Rutte")));
        assert!(!l.drops("d9#y", Some("Dick Schoof")));
    }
}
