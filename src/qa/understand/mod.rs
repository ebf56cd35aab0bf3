//! Question understanding: from a chat question, typed as people type, to a [`Question`]:
//! what it asks (the [`Intent`]), who it is about, the verb asked about, the time and the
//! topic. A small pipeline of pure stages, each with its own tests:
//!
//! 1. [`normalise`]: NFKC, straight quotes, contractions spelt out, tokens with offsets;
//! 2. time: `nlp::time::question_time`, its words taken;
//! 3. [`mentions`]: names looked up in the corpus's keys anywhere in the question, role
//!    phrases, pronouns;
//! 4. the verb, from the extractor's own cue lexicon, with its lemma;
//! 5. [`shape`]: the answer type from cue words, names standing in as placeholders;
//! 6. the topic: what is left.
//!
//! Calls `nlp` (lexicon, tokens, time, name keys) and nothing that touches the index: names
//! are looked up through the [`NameLookup`] trait.

pub mod mentions;
pub mod normalise;
pub mod shape;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::nlp::lexicon::lexicon;
use crate::nlp::time::{question_time, QuestionTime};

use super::answer::Intent;
use mentions::{Mention, MentionKind};
pub use mentions::{NameLookup, NoNames};
use normalise::{normalise, Tok};
pub use shape::is_latest_word;
use shape::{Features, Verb};

/// The longest question we read, in characters (Unicode scalar values); longer ones are
/// refused with a clear message. Characters, not bytes, because Discord's `max_length` on
/// `/ask` counts characters: a question Discord lets through is never refused here for its
/// accented letters or emoji. At most 4,000 bytes, which bounds the work.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// Who a question names: a name as written ("Rubio"), or a role ("foreign minister", of
/// "Putin").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRef {
    pub text: String,
    /// For a role phrase: whose role it is, if the question says ("Putin's").
    pub role_of: Option<String>,
    pub is_role: bool,
}

impl NameRef {
    /// A plain name.
    pub fn name(text: &str) -> NameRef {
        NameRef {
            text: text.trim().to_string(),
            role_of: None,
            is_role: false,
        }
    }

    /// How an answer names who was asked about: a role with its owner as asked
    /// ("Kuwait's oil minister"), else the words.
    pub fn as_asked(&self) -> String {
        match &self.role_of {
            Some(owner) if self.is_role => format!("{owner}'s {}", self.text),
            _ => self.text.clone(),
        }
    }
}

/// A parsed question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The question as asked, trimmed.
    pub text: String,
    pub intent: Intent,
    /// Who the question asks about (the speaker for what-said, the person for who-is).
    pub subject: Option<NameRef>,
    /// Other names in the question ("to Zelensky", "between Rubio and Lavrov").
    pub others: Vec<NameRef>,
    /// The verb asked about, in base form ("propose", "call for"), unless it is just "say".
    pub cue: Option<String>,
    /// The topic words as written, names included, question words left out ("the summit").
    pub topic: String,
    /// The time the question restricts itself to.
    pub when: Option<QuestionTime>,
    /// "which pollster said …": the speaker must hold this role.
    pub role: Option<String>,
    /// "did X say anything about Y?", "has anyone said Y?": answered "yes" or "no".
    pub yes_no: bool,
    /// A pronoun standing where a name should ("what else did he say?").
    pub unresolved: Option<String>,
}

impl Question {
    /// Read a question with no corpus to look names up in (capitals and word slots only).
    pub fn parse(raw: &str) -> Question {
        read(raw, chrono::Local::now().date_naive(), &NoNames)
    }

    /// A question built from a slash command's fields, not from English: `/said person
    /// [about]` is what-said (a timeline when there is no topic), `/whois name` is who-is.
    pub fn from_fields(intent: Intent, person: &str, about: Option<&str>) -> Question {
        let topic = about.map(str::trim).unwrap_or("").to_string();
        Question {
            text: match about {
                Some(a) => format!("{person} on {a}"),
                None => person.to_string(),
            },
            intent,
            subject: Some(NameRef::name(person)),
            others: Vec::new(),
            cue: None,
            topic,
            when: None,
            role: None,
            yes_no: false,
            unresolved: None,
        }
    }

    /// All names of the question, subject first.
    pub fn names(&self) -> impl Iterator<Item = &NameRef> {
        self.subject.iter().chain(self.others.iter())
    }
}

/// Read a question. Never fails: a question we cannot place becomes a search. `today`
/// anchors relative times; `lookup` tells which words the corpus knows as names.
pub fn read(raw: &str, today: NaiveDate, lookup: &dyn NameLookup) -> Question {
    let norm = normalise(raw);
    // "who is X and what did he say about Y": the second question, about X.
    if let Some(second) = second_question_about_first(&norm) {
        return Question {
            text: raw.trim().to_string(),
            ..read(&second, today, lookup)
        };
    }
    let toks = &norm.toks;
    let mut taken = vec![false; toks.len()];
    // "hey bot, …", "can you tell me …": words around the question, not in it.
    for t in taken.iter_mut().take(wrapper_len(toks)) {
        *t = true;
    }
    // 2. Time: "last week", "since Monday". Not inside the words a who-question quotes.
    let mut when = if quotes_words(toks, norm.quoted.is_some()) {
        None
    } else {
        question_time(&norm.text, today)
    };
    let time_toks = |when: &Option<QuestionTime>| -> Vec<usize> {
        when.as_ref().map_or_else(Vec::new, |t| {
            (0..toks.len())
                .filter(|&i| toks[i].start < t.span.end && toks[i].end > t.span.start)
                .collect()
        })
    };
    for i in time_toks(&when) {
        taken[i] = true;
    }
    // 3. Names, roles, pronouns.
    let mut found = mentions::find(toks, &taken, lookup);
    let mut time_taken = taken.clone();
    for m in &found {
        taken[m.start..m.end].iter_mut().for_each(|t| *t = true);
    }
    // 4. The verb.
    let verb = shape::find_verb(toks, &taken);
    // "did anyone from texaco comment": a body the corpus hardly knows is still a name.
    if let Some(m) = body_name(toks, &taken, verb.as_ref()) {
        taken[m.start..m.end].iter_mut().for_each(|t| *t = true);
        found.push(m);
        found.sort_by_key(|m| m.start);
    }
    let who = Features {
        toks,
        taken: &taken,
        mentions: &found,
        verb: verb.as_ref(),
        subject: None,
    }
    .asks_who();
    // "who said today is a day for celebration", "who said unemployment dipped in january,
    // with the economy adding …": a time with the words said on both sides is theirs.
    if who {
        let at = time_toks(&when);
        if verb
            .as_ref()
            .is_some_and(|v| time_in_words_said(toks, &at, v))
        {
            for i in at {
                taken[i] = false;
                time_taken[i] = false;
            }
            when = None;
        }
    }
    if who {
        // What a who-question says was said is words, not names, unless capitalised: "who
        // said the old bridge will close in the spring" asks about no "Spring" (and linking
        // each such word would cost a fuzzy search of every name).
        if let Some(v) = &verb {
            found.retain(|m| {
                let lowercase = toks[m.start..m.end].iter().all(|t| !t.cap);
                !(m.start >= v.end && lowercase)
            });
        }
    } else {
        // A name the corpus lacks, read from where a subject stands.
        if let Some(m) = slot_name(toks, &taken, verb.as_ref()) {
            taken[m.start..m.end].iter_mut().for_each(|t| *t = true);
            found.push(m);
            found.sort_by_key(|m| m.start);
        }
    }
    // 5. The answer type.
    let subject = shape::subject(toks, &found, verb.as_ref(), who);
    let f = Features {
        toks,
        taken: &taken,
        mentions: &found,
        verb: verb.as_ref(),
        subject,
    };
    let (intent, rule) = shape::intent(&f);
    tracing::debug!(rule, ?intent, "question read");
    let role = (intent == Intent::WhoSaid)
        .then(|| asked_role(&f))
        .flatten();
    let yes_no = f.yes_no();
    // 6. The topic.
    let words = topic(toks, &time_taken, &found, subject, verb.as_ref(), intent);
    let topic = match (&norm.quoted, intent) {
        // 'who said "see you in court"': the quote is what was said; in 'who said the goal is
        // to curb "activist" investors', one word of it.
        (Some(q), Intent::WhoSaid) if !words_around_quote(toks, &words) => q.clone(),
        _ => words,
    };
    let (subject_ref, unresolved) = match subject {
        Some(m) if m.is_pronoun() => (None, Some(m.text.to_lowercase())),
        Some(m) => (Some(name_ref(m)), None),
        None => (None, None),
    };
    let others = other_names(&f, intent);
    Question {
        text: raw.trim().to_string(),
        intent,
        subject: subject_ref,
        others,
        cue: verb.as_ref().and_then(Verb::cue),
        topic,
        when,
        role,
        yes_no,
        unresolved,
    }
}

/// "who is X and what did he say about Y" asks the second question of X: it, with X for
/// its pronoun. `None` for any other question.
fn second_question_about_first(norm: &normalise::Normalised) -> Option<String> {
    let toks = &norm.toks;
    let lower = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    if lower(0) != "who" || !matches!(lower(1), "is" | "was" | "are") {
        return None;
    }
    let and = (3..toks.len()).find(|&i| lower(i) == "and")?;
    let pronoun = (and + 1..toks.len()).find(|&i| {
        matches!(
            lower(i),
            "he" | "she" | "they" | "him" | "her" | "them" | "his" | "their"
        )
    })?;
    let name = &norm.text[toks[2].start..toks[and - 1].end];
    // "her" before a word that is no function word is a possessive: "her campaign".
    let possessive = match lower(pronoun) {
        "his" | "their" => true,
        "her" => toks.get(pronoun + 1).is_some_and(|t| {
            t.text.chars().all(char::is_alphanumeric) && !lexicon().is_function_word(&t.lower)
        }),
        _ => false,
    };
    let text = &norm.text;
    Some(format!(
        "{}{name}{}{}",
        &text[toks[and + 1].start..toks[pronoun].start],
        if possessive { "'s" } else { "" },
        &text[toks[pronoun].end..]
    ))
}

/// Whether a topic holds a few content words outside the question's quotes.
fn words_around_quote(toks: &[Tok], topic: &str) -> bool {
    let lex = lexicon();
    let outside = toks
        .iter()
        .filter(|t| !t.quoted && !lex.is_function_word(&t.lower) && topic.contains(&t.text))
        .count();
    outside >= WORDS_AROUND_A_QUOTE
}

/// How many content words outside its quotes make a who-question's topic more than them.
const WORDS_AROUND_A_QUOTE: usize = 3;

/// The role a who-question asks for: "which pollster" (a role phrase), or the description
/// after "which" ("which pastor said").
fn asked_role(f: &Features<'_>) -> Option<String> {
    let described = |words: std::ops::Range<usize>| {
        let words: Vec<&str> = words
            .map(|i| f.toks[i].text.as_str())
            .filter(|w| !lexicon().is_function_word(&w.to_lowercase()))
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    };
    if let Some(m) = f.role_asked() {
        // "which renewable fuels association director": the describing words before the
        // role word tell its holders apart, so they are asked for too.
        return match shape::asked_role_start(f.toks, m) {
            Some(which) if which + 1 < m.start => {
                described(which + 1..m.start).map(|before| format!("{before} {}", m.text))
            }
            _ => Some(m.text.clone()),
        };
    }
    described(f.which_described()?)
}

/// The names besides the subject: what the question is about or near. Not the words of a
/// "which …" description; for "which Sanders adviser", Sanders.
fn other_names(f: &Features<'_>, intent: Intent) -> Vec<NameRef> {
    let described = f.which_described();
    let in_description = |m: &Mention| described.as_ref().is_some_and(|r| r.contains(&m.start));
    let mut others: Vec<NameRef> = f
        .mentions
        .iter()
        .filter(|m| {
            Some(*m) != f.subject
                && matches!(m.kind, MentionKind::Name { .. })
                && !in_description(m)
        })
        .map(name_ref)
        .collect();
    if let Some(MentionKind::Role { of: Some(owner) }) = f.role_asked().map(|m| &m.kind) {
        if intent == Intent::WhoSaid {
            others.push(NameRef::name(owner));
        }
    }
    others
}

fn name_ref(m: &Mention) -> NameRef {
    match &m.kind {
        MentionKind::Role { of } => NameRef {
            text: m.text.clone(),
            role_of: of.clone(),
            is_role: true,
        },
        _ => NameRef::name(&m.text),
    }
}

/// "Who said that …" / "Who said \"…\"": the rest of the question is the words said, so a
/// time in it ("… on June 16th of last year") belongs to the quote, not the question.
fn quotes_words(toks: &[Tok], has_quote: bool) -> bool {
    let lex = lexicon();
    let Some(w) = toks.iter().position(|t| {
        matches!(
            t.lower.as_str(),
            "who" | "anyone" | "anybody" | "somebody" | "someone"
        )
    }) else {
        return false;
    };
    if has_quote {
        return true;
    }
    let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    (w + 1..(w + 5).min(toks.len())).any(|v| {
        lex.verb_at(&lower[v..])
            .is_some_and(|m| lower.get(v + m.len) == Some(&"that"))
    })
}

/// Whether a time a who-question names (its words `at`) sits inside the words it says were
/// said: after the verb with words after it ("who said unemployment dipped in january, with
/// the economy adding …"), or as their subject ("who said today is a day for celebration").
/// A time at the end frames the question ("who said the summit was off last week"), and so
/// does one right after the verb ("who said in january that …").
fn time_in_words_said(toks: &[Tok], at: &[usize], verb: &Verb) -> bool {
    let (Some(&first), Some(&last)) = (at.first(), at.last()) else {
        return false;
    };
    let next = toks.get(last + 1).map(|t| t.lower.as_str());
    match next {
        None => false,
        Some(_) if first > verb.end => true,
        Some(w) => {
            first == verb.end
                && (lexicon().modal_words.contains(w)
                    || matches!(w, "is" | "was" | "are" | "were" | "has" | "had"))
        }
    }
}

/// The body in "anyone from texaco said", "who at the acme agency commented": the free
/// words between a who-marker's from / at / in (and an article) and the verb.
fn body_name(toks: &[Tok], taken: &[bool], verb: Option<&Verb>) -> Option<Mention> {
    let end = verb?.start;
    let at = (0..end).find(|&i| shape::opens_body(toks, i))?;
    unknown_run(toks, taken, at + 1, end).map(|m| Mention {
        possessive: false,
        ..m
    })
}

/// The free words `start..end` as a name the corpus does not know, an opening article left
/// out ("what did the police say"); at most four words.
fn unknown_run(toks: &[Tok], taken: &[bool], start: usize, end: usize) -> Option<Mention> {
    let free = |i: usize| !taken[i] && !toks[i].quoted && is_name_word(&toks[i].lower);
    let mut start = start;
    while start < end && shape::is_article(&toks[start].lower) {
        start += 1;
    }
    (start < end && end - start <= 4 && (start..end).all(free)).then(|| Mention {
        start,
        end,
        text: mentions::joined(&toks[start..end]),
        kind: MentionKind::Name { known: false },
        possessive: toks[end - 1].possessive,
    })
}

/// A name the corpus does not know, by where it stands: between the auxiliary and the verb
/// ("what did jacinda okafor say"), before "on"/"about" at the start ("okafor on the
/// debate"), after a final "from"/"by" ("anything from okafor"), or before a possessive.
fn slot_name(toks: &[Tok], taken: &[bool], verb: Option<&Verb>) -> Option<Mention> {
    let free = |i: usize| !taken[i] && !toks[i].quoted && is_name_word(&toks[i].lower);
    let run = |start: usize, end: usize| unknown_run(toks, taken, start, end);
    let aux = toks.iter().position(|t| {
        matches!(
            t.lower.as_str(),
            "did" | "does" | "do" | "has" | "have" | "is" | "was"
        )
    });
    // The slot ends at the verb, or at a word asking for a view ("where does X stand").
    let slot_end = aux.and_then(|a| {
        verb.map(|v| v.start)
            .or_else(|| (a + 1..toks.len()).find(|&i| shape::is_position_word(&toks[i].lower)))
    });
    if let (Some(a), Some(end)) = (aux, slot_end) {
        // "when was it that zucker said": "it that" only points at the subject.
        let start = (a + 1..end)
            .find(|&i| !matches!(toks[i].lower.as_str(), "it" | "that"))
            .unwrap_or(end);
        if let Some(m) = run(start, end) {
            return Some(m);
        }
    }
    if let Some(p) = toks
        .iter()
        .position(|t| matches!(t.lower.as_str(), "on" | "about"))
    {
        if let Some(m) = run(0, p) {
            return Some(m);
        }
    }
    if let Some(p) = toks
        .iter()
        .rposition(|t| matches!(t.lower.as_str(), "from" | "by"))
    {
        // "anything from trump on BuzzFeed": the name runs to the topic's preposition.
        let end = (p + 1..toks.len())
            .find(|&i| matches!(toks[i].lower.as_str(), "on" | "about" | "regarding"))
            .unwrap_or(toks.len());
        if let Some(m) = run(p + 1, end) {
            return Some(m);
        }
    }
    let p = toks.iter().position(|t| t.possessive)?;
    let start = (0..=p).rev().take_while(|&i| free(i)).last()?;
    run(start, p + 1)
}

/// Words people put around a question: "hey bot,", "can you tell me", "i want to know".
const WRAPPERS: &[&[&str]] = &[
    &["hey"],
    &["hi"],
    &["hello"],
    &["ok"],
    &["okay"],
    &["so"],
    &["yo"],
    &["please"],
    &["pls"],
    &["bot"],
    &["whosaid"],
    &["and"],
    &["quick", "question"],
    &["can", "you", "tell", "me"],
    &["could", "you", "tell", "me"],
    &["tell", "me"],
    &["show", "me"],
    &["do", "you", "know"],
    &["does", "anyone", "know"],
    &["i", "want", "to", "know"],
    &["i'd", "like", "to", "know"],
    &["i", "wonder"],
    &["any", "idea"],
    &["remind", "me"],
];

/// How many leading words are wrappers, taken repeatedly ("hey bot, so what did …").
fn wrapper_len(toks: &[Tok]) -> usize {
    let mut at = 0;
    'outer: loop {
        for w in WRAPPERS {
            let end = at + w.len();
            // A wrapper is never the whole question ("tell me" alone asks nothing).
            if end < toks.len()
                && toks[at..end]
                    .iter()
                    .zip(w.iter())
                    .all(|(t, x)| t.lower == *x)
            {
                at = end;
                continue 'outer;
            }
        }
        return at;
    }
}

/// Whether a lowercase word may be part of a name read from its slot.
fn is_name_word(lower: &str) -> bool {
    let lex = lexicon();
    lower
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '\'')
        && !lex.is_function_word(lower)
        && !shape::is_question_word(lower)
        && lex.verb_lemma(lower).is_none()
        && !lex.is_title(lower)
}

/// The topic: what the question leaves once its question words, subject, verb and time are
/// taken out. For who-said, the words after the verb (what was said).
fn topic(
    toks: &[Tok],
    time: &[bool],
    mentions: &[Mention],
    subject: Option<&Mention>,
    verb: Option<&Verb>,
    intent: Intent,
) -> String {
    let in_subject = |i: usize| subject.is_some_and(|s| i >= s.start && i < s.end);
    let in_verb = |i: usize| verb.is_some_and(|v| i >= v.start && i < v.end);
    // "which poli sci professor": the role asked for and the words describing it.
    let role_asked = |i: usize| {
        mentions.iter().any(|m| {
            matches!(m.kind, MentionKind::Role { .. })
                && i < m.end
                && shape::asked_role_start(toks, m).is_some_and(|start| i > start)
        })
    };
    let from = match (intent, verb) {
        (Intent::WhoSaid, Some(v)) => {
            v.end + usize::from(toks.get(v.end).is_some_and(|t| t.lower == "that"))
        }
        _ => 0,
    };
    let question_word = |w: &str| {
        matches!(
            w,
            "who"
                | "whom"
                | "what"
                | "which"
                | "when"
                | "where"
                | "how"
                | "why"
                | "anyone"
                | "anybody"
                | "someone"
                | "somebody"
        ) || shape::FILLERS.contains(&w)
            || (intent == Intent::Position
                && matches!(
                    w,
                    "take"
                        | "stance"
                        | "view"
                        | "views"
                        | "position"
                        | "opinion"
                        | "opinions"
                        | "thoughts"
                        | "stand"
                        | "feel"
                        | "think"
                ))
            || (intent == Intent::Latest && is_latest_word(w))
            || (intent == Intent::Timeline && matches!(w, "timeline" | "history"))
    };
    // Auxiliaries belong to the question up to its subject or verb ("does X think the
    // investigation is over": the second "is" is the topic's).
    let head_end = verb
        .map(|v| v.start)
        .into_iter()
        .chain(subject.map(|s| s.end))
        .max()
        .unwrap_or(toks.len());
    // "from the Kremlin": the words that lead to the subject go with it.
    let before_subject = |i: usize| {
        subject.is_some_and(|s| {
            i < s.start
                && toks[i..s.start].iter().all(|t| {
                    matches!(
                        t.lower.as_str(),
                        "from" | "by" | "of" | "for" | "the" | "a" | "an"
                    )
                })
        })
    };
    let aux_before_verb = |i: usize| {
        i < head_end
            && matches!(
                toks[i].lower.as_str(),
                "did"
                    | "does"
                    | "do"
                    | "has"
                    | "have"
                    | "had"
                    | "is"
                    | "was"
                    | "were"
                    | "are"
                    | "been"
                    | "will"
                    | "would"
                    | "can"
                    | "could"
                    | "it"
                    | "that"
            )
    };
    let dropped: Vec<bool> = (0..toks.len())
        .map(|i| {
            i < from
                || (!toks[i].quoted
                    && (time[i]
                        || in_subject(i)
                        || in_verb(i)
                        || role_asked(i)
                        || before_subject(i)
                        || question_word(&toks[i].lower)
                        || (intent == Intent::Latest && toks[i].lower == "new")
                        || (intent != Intent::WhoSaid && aux_before_verb(i))))
        })
        .collect();
    // "… at all?" asks, it is no topic.
    let n = toks.len();
    let at_all = n >= 2 && toks[n - 2].lower == "at" && toks[n - 1].lower == "all";
    let dropped: Vec<bool> = dropped
        .into_iter()
        .enumerate()
        .map(|(i, d)| d || (at_all && i + 2 >= n))
        .collect();
    // A determiner whose noun was dropped goes too ("the latest").
    let kept: Vec<&Tok> = (from..toks.len())
        .filter(|&i| {
            let orphan = matches!(toks[i].lower.as_str(), "the" | "a" | "an")
                && dropped.get(i + 1).is_none_or(|d| *d);
            !dropped[i] && !orphan
        })
        .map(|i| &toks[i])
        .collect();
    // What a who-question quotes is kept whole to its last word ("… will decide it").
    trim_topic(&kept, intent != Intent::WhoSaid)
}

/// Drop grammar words at either end ("about the summit" → "the summit"), keeping a
/// determiner before a content word.
fn trim_topic(kept: &[&Tok], trim_end: bool) -> String {
    let lex = lexicon();
    let content = |t: &Tok| t.quoted || !lex.is_function_word(&t.lower);
    let Some(mut last) = kept.iter().rposition(|t| content(t)) else {
        return String::new();
    };
    if !trim_end {
        last = kept.len() - 1;
    }
    // Leading prepositions and auxiliaries go ("about the summit"); other grammar words
    // are the topic's own ("there was no timeline").
    let Some(first) = kept.iter().position(|t| {
        !matches!(
            t.lower.as_str(),
            "about"
                | "on"
                | "of"
                | "regarding"
                | "concerning"
                | "over"
                | "to"
                | "for"
                | "from"
                | "by"
                | "with"
                | "in"
                | "at"
                | "that"
                | "is"
                | "was"
                | "are"
                | "were"
                | "did"
                | "does"
                | "do"
                | "has"
                | "have"
                | "been"
                | "and"
                | "or"
        )
    }) else {
        return String::new();
    };
    if first > last {
        return String::new();
    }
    kept[first..=last]
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
