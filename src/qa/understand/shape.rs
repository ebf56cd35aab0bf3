//! Stages 4 and 5: the verb and what the question asks for. The mentions found earlier stand
//! in as placeholders, and the answer type is read from cue words wherever they are ("who",
//! "anyone", "which pollster", "take on", "latest", a leading "did"), as a table of rules
//! tried in order, not from the first two words.

use crate::nlp::lexicon::lexicon;

use super::super::answer::Intent;
use super::mentions::{Mention, MentionKind};
use super::normalise::Tok;

/// Words that ask rather than say what about ("anything", "statements", "please"):
/// dropped from a what-said topic, and never part of a name.
pub const FILLERS: &[&str] = &[
    "anything",
    "something",
    "statement",
    "statements",
    "comment",
    "comments",
    "remarks",
    "quote",
    "quotes",
    "news",
    "update",
    "updates",
    "reaction",
    "reactions",
    "please",
    "pls",
    "plz",
    "me",
    "tell",
    "show",
    "hey",
    "lol",
    "btw",
    "else",
    "any",
    "lately",
    "recently",
    "ever",
    "yet",
    "so",
    "far",
    "publicly",
    "smth",
    "sth",
    "stuff",
];

/// Question words and the words around them that are never a topic or a name.
const QUESTION_WORDS: &[&str] = &[
    "who",
    "whom",
    "what",
    "which",
    "when",
    "where",
    "how",
    "why",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "everyone",
    "everybody",
    "word",
    "words",
    "news",
    "new",
    "latest",
    "newest",
    "recent",
    "last",
    "timeline",
    "history",
    "ok",
    "okay",
    "yo",
    "take",
    "stance",
    "view",
    "views",
    "position",
    "opinion",
    "opinions",
    "thoughts",
    "stand",
    "feel",
    "think",
    "up",
    "to",
    "actually",
    "exactly",
    "bot",
    "whosaid",
    "hmm",
    "um",
    "uh",
    "ya",
    "yeah",
    "ppl",
    "people",
];

pub fn is_question_word(lower: &str) -> bool {
    QUESTION_WORDS.contains(&lower)
        || FILLERS.contains(&lower)
        || matches!(lower, "did" | "does" | "do" | "has" | "have")
}

/// Who-markers: the asker wants a speaker.
const WHO_MARKERS: &[&str] = &[
    "who",
    "whom",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "any1",
    "some1",
    "ppl",
    "people",
    "folks",
    "everyone",
    "everybody",
];

/// Who-markers before a body ("anyone from NASA", "who at the agency").
const BODY_MARKERS: &[&str] = &[
    "who", "anyone", "anybody", "someone", "somebody", "any1", "some1",
];

/// Whether the word at `i` opens the body a speaker belongs to: "from", "at" or "in" after
/// a who-marker ("anyone from NASA", "who at the agency").
pub fn opens_body(toks: &[Tok], i: usize) -> bool {
    i >= 1
        && matches!(toks[i].lower.as_str(), "from" | "at" | "in")
        && BODY_MARKERS.contains(&toks[i - 1].lower.as_str())
}

/// Whether a word is an article, which may open a name or a description ("the police").
pub fn is_article(lower: &str) -> bool {
    matches!(lower, "the" | "a" | "an")
}

/// Words that ask for someone's view rather than what they said.
const POSITION_WORDS: &[&str] = &[
    "take", "stance", "view", "views", "position", "opinion", "opinions", "thoughts", "stand",
    "feel", "think",
];

pub fn is_position_word(lower: &str) -> bool {
    POSITION_WORDS.contains(&lower)
}

/// Words that ask for the most recent.
const LATEST_WORDS: &[&str] = &["latest", "lately", "recently", "newest", "recent", "last"];

/// Auxiliaries that open a yes/no question ("did Trump say …", "has anyone said …").
const AUXILIARIES: &[&str] = &[
    "did", "does", "do", "has", "have", "had", "is", "was", "were", "are", "will", "would", "can",
    "could",
];

/// Plain speech verbs: asking "what did X say" asks for any statement, not a kind of one.
const PLAIN_SPEECH: &[&str] = &[
    "say",
    "tell",
    "speak",
    "state",
    "comment",
    "comment on",
    "speak about",
];

/// Whether a word is one of the latest-words (also used by retrieval to tell a topic-less
/// "the latest from X").
pub fn is_latest_word(w: &str) -> bool {
    LATEST_WORDS.contains(&w)
}

/// The verb asked about: tokens `start..end`, its lemma.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verb {
    pub start: usize,
    pub end: usize,
    pub lemma: String,
}

impl Verb {
    /// The verb as a cue to match, or `None` for plain "say".
    pub fn cue(&self) -> Option<String> {
        (!PLAIN_SPEECH.contains(&self.lemma.as_str())).then(|| self.lemma.clone())
    }
}

/// Words after which a verb form is a noun or sits inside the topic ("the debate", "a
/// plan", "on meeting Putin").
const NOT_BEFORE_A_VERB: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "my",
    "our",
    "your",
    "some",
    "no",
    "on",
    "about",
    "of",
    "for",
    "from",
    "by",
    "with",
    "in",
    "at",
    "regarding",
    "concerning",
    "over",
    "to",
    // "which talk radio host said": a description starts after "which", "whose" or "what".
    "which",
    "whose",
    "what",
];

/// Whether the word at `i` can be the question's verb, judged by the word before it: a
/// subject, a question word or an auxiliary, not a determiner, a preposition or a content
/// word ("peace plan").
fn verb_can_follow(toks: &[Tok], taken: &[bool], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1) else {
        return true;
    };
    let p = toks[prev].lower.as_str();
    // After a possessive a verb form is a noun: "the president's plan", "Trump's claim".
    if NOT_BEFORE_A_VERB.contains(&p) || toks[prev].possessive {
        return false;
    }
    if taken[prev] || lexicon().is_function_word(p) || is_question_word(p) {
        return true;
    }
    // A subject the corpus does not know stands between an auxiliary and the verb ("did
    // obamma comment", "what did jacinda okafor say"), a description after "which" ("which
    // indiana GOP insider said").
    let run = (0..prev)
        .rev()
        .take_while(|&k| {
            !is_question_word(&toks[k].lower) && !lexicon().is_function_word(&toks[k].lower)
        })
        .count();
    if run >= 4 {
        return false;
    }
    let lower = |k: usize| toks[k].lower.as_str();
    // An article may open the run: "did the harbour police say".
    let mut before = prev - run;
    while before > 0 && is_article(lower(before - 1)) {
        before -= 1;
    }
    // "did anyone from texaco comment", "who at the agency said": a body the corpus does
    // not know, after a who-marker.
    let body = before >= 1 && opens_body(toks, before - 1);
    before > 0
        && (AUXILIARIES.contains(&lower(before - 1))
            || matches!(lower(before - 1), "which" | "what")
            || body)
}

/// The first verb outside the mentions: a speech cue or an event verb, with its particle.
pub fn find_verb(toks: &[Tok], taken: &[bool]) -> Option<Verb> {
    let lex = lexicon();
    let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    (0..toks.len())
        .filter(|&i| {
            !taken[i]
                && !toks[i].quoted
                && !POSITION_WORDS.contains(&lower[i])
                && verb_can_follow(toks, taken, i)
        })
        .find_map(|i| {
            let v = lex.verb_at(&lower[i..])?;
            Some(Verb {
                start: i,
                end: i + v.len,
                lemma: v.lemma.to_string(),
            })
        })
}

/// What the rules look at: the question's cue words, its mentions, and its verb.
pub struct Features<'a> {
    pub toks: &'a [Tok],
    pub taken: &'a [bool],
    pub mentions: &'a [Mention],
    pub verb: Option<&'a Verb>,
    pub subject: Option<&'a Mention>,
}

impl Features<'_> {
    fn has(&self, words: &[&str]) -> bool {
        self.free().any(|t| words.contains(&t.lower.as_str()))
    }

    /// Tokens no earlier stage took.
    fn free(&self) -> impl Iterator<Item = &Tok> {
        self.toks
            .iter()
            .zip(self.taken)
            .filter(|(t, taken)| !**taken && !t.quoted)
            .map(|(t, _)| t)
    }

    fn first_free(&self) -> Option<&str> {
        self.free().next().map(|t| t.lower.as_str())
    }

    /// "the latest", "lately", or "anything new" / "what's new".
    pub fn asks_latest(&self) -> bool {
        self.has(LATEST_WORDS)
            || self.toks.windows(2).any(|w| {
                w[1].lower == "new"
                    && matches!(w[0].lower.as_str(), "anything" | "something" | "is")
            })
    }

    /// A who-marker, or "which/what" straight before a role ("which pollster").
    /// A who-marker before the verb ("did anyone say …", not "… say about people"), or a
    /// role asked for.
    pub fn asks_who(&self) -> bool {
        // "did anyone from NASA comment": NASA's people, so NASA is asked about.
        if self.speaker_body().is_some() {
            return false;
        }
        let before_verb = |i: usize| self.verb.is_none_or(|v| i < v.start);
        let marker = self
            .toks
            .iter()
            .zip(self.taken)
            .enumerate()
            .any(|(i, (t, taken))| {
                !taken && !t.quoted && before_verb(i) && WHO_MARKERS.contains(&t.lower.as_str())
            });
        marker || self.role_asked().is_some() || self.which_described().is_some()
    }

    /// The body in "anyone from NASA", "someone at the Kremlin", "anybody in the White
    /// House": a who-marker, then from/at/in, then a name, before the verb.
    pub fn speaker_body(&self) -> Option<&Mention> {
        // Before the verb: "… no illegal disclosure by anyone at the agency" is what was said.
        let before_verb = |i: usize| self.verb.is_none_or(|v| i < v.start);
        self.mentions
            .iter()
            .filter(|m| before_verb(m.start))
            .find(|m| {
                let mut k = m.start;
                while k > 0 && is_article(&self.toks[k - 1].lower) {
                    k -= 1;
                }
                k >= 1 && opens_body(self.toks, k - 1)
            })
    }

    /// "which pastor said …", "which indiana GOP insider said …": "which", a description,
    /// then the verb. The description's tokens, `which + 1 .. verb`.
    pub fn which_described(&self) -> Option<std::ops::Range<usize>> {
        let verb = self.verb?;
        let which = self.toks[..verb.start]
            .iter()
            .position(|t| t.lower == "which")?;
        let between = which + 1..verb.start;
        let aux = |t: &Tok| AUXILIARIES.contains(&t.lower.as_str());
        (!between.is_empty() && between.len() <= 5 && !self.toks[between.clone()].iter().any(aux))
            .then_some(between)
    }

    /// The role in "which pollster …", "what senator …".
    pub fn role_asked(&self) -> Option<&Mention> {
        self.mentions.iter().find(|m| {
            matches!(m.kind, MentionKind::Role { .. }) && asked_role_start(self.toks, m).is_some()
        })
    }

    /// Opens with an auxiliary and asks no wh-question: "did X say …", "has anyone said …".
    pub fn yes_no(&self) -> bool {
        self.first_free().is_some_and(|w| AUXILIARIES.contains(&w))
            && !self.has(&["who", "what", "when", "which", "where", "how", "why"])
    }

    /// "who is X" with nothing else: no verb, and the subject is all that is left.
    fn asks_identity(&self) -> bool {
        let Some(subject) = self.subject else {
            return false;
        };
        let first = self.free().next().map(|t| t.lower.as_str());
        let rest: Vec<&str> = self.free().map(|t| t.lower.as_str()).collect();
        first == Some("who")
            && self.verb.is_none()
            && rest
                .iter()
                .skip(1)
                .all(|w| matches!(*w, "is" | "was" | "are" | "the" | "a" | "an"))
            && !subject.is_pronoun()
    }

    /// A passive "what was said about X": the verb comes first, so the names after it are
    /// what was talked about, not who spoke.
    fn passive(&self) -> bool {
        let Some(verb) = self.verb else {
            return false;
        };
        let before_any = self.mentions.iter().all(|m| m.start > verb.start);
        let be = verb.start > 0
            && matches!(
                self.toks[verb.start - 1].lower.as_str(),
                "was" | "were" | "is" | "been" | "being" | "are"
            );
        before_any && be
    }
}

/// Where "which …" opens before a role mention: "which pollster", "which poli sci
/// professor", "which Sanders adviser" (a few describing words between). `None` when the
/// role is not asked for.
pub fn asked_role_start(toks: &[Tok], role: &Mention) -> Option<usize> {
    let lex = lexicon();
    (role.start.saturating_sub(4)..role.start)
        .rev()
        .take_while(|&k| {
            let w = toks[k].lower.as_str();
            matches!(w, "which" | "what")
                || (!lex.is_function_word(w) && lex.verb_at(&[w]).is_none())
        })
        .find(|&k| matches!(toks[k].lower.as_str(), "which" | "what"))
}

/// One rule of the answer-type table: its name (for tests and logs), when it applies, and
/// the intent it gives.
struct Rule {
    name: &'static str,
    applies: fn(&Features<'_>) -> bool,
    intent: Intent,
}

/// The answer-type rules, tried in order; the first that applies decides.
const RULES: &[Rule] = &[
    Rule {
        name: "timeline of X",
        applies: |f| f.subject.is_some() && f.verb.is_none() && f.has(&["timeline", "history"]),
        intent: Intent::Timeline,
    },
    Rule {
        name: "who is X",
        applies: |f| f.asks_identity(),
        intent: Intent::WhoIs,
    },
    Rule {
        name: "who / anyone / which ROLE said",
        applies: |f| f.asks_who() && (f.verb.is_some() || f.role_asked().is_some()),
        intent: Intent::WhoSaid,
    },
    Rule {
        name: "when",
        applies: |f| f.has(&["when"]),
        intent: Intent::When,
    },
    Rule {
        name: "X's take / stance / view on Y",
        applies: |f| f.subject.is_some() && f.has(POSITION_WORDS) && !f.has(&["when"]),
        intent: Intent::Position,
    },
    Rule {
        name: "the latest from X",
        applies: |f| f.subject.is_some() && f.asks_latest(),
        intent: Intent::Latest,
    },
    Rule {
        name: "what did X say / did X say / X on Y",
        applies: |f| f.subject.is_some(),
        intent: Intent::WhatSaid,
    },
    Rule {
        name: "what was said about X",
        applies: |f| f.passive() && !f.mentions.is_empty(),
        intent: Intent::WhatSaid,
    },
];

/// The intent, and the name of the rule that gave it.
pub fn intent(f: &Features<'_>) -> (Intent, &'static str) {
    RULES
        .iter()
        .find(|r| (r.applies)(f))
        .map(|r| (r.intent, r.name))
        .unwrap_or((Intent::Search, "anything else"))
}

/// The subject: the first name, role or pronoun outside a passive and outside a who-question
/// ("who said Trump …" names Trump as a topic). A role only when it is not the role asked.
pub fn subject<'a>(
    toks: &[Tok],
    mentions: &'a [Mention],
    verb: Option<&Verb>,
    asks_who: bool,
) -> Option<&'a Mention> {
    if asks_who {
        // "who is Hope Hicks": the name after "who is" is the subject of an identity question.
        let first_is_who_is = toks.len() >= 2
            && toks[0].lower == "who"
            && matches!(toks[1].lower.as_str(), "is" | "was" | "are");
        return mentions.first().filter(|m| {
            first_is_who_is
                && verb.is_none()
                && toks[2..m.start]
                    .iter()
                    .all(|t| matches!(t.lower.as_str(), "the" | "a" | "an"))
        });
    }
    // Where a subject stands: after an auxiliary ("did X say", "does the FBI", "was it that
    // X said"), after "from"/"by", with a possessive ("X's take"), or first ("X on Y").
    let in_slot = |m: &Mention| {
        let before = toks[..m.start]
            .iter()
            .rev()
            .find(|t| !matches!(t.lower.as_str(), "the" | "a" | "an" | "it" | "that"));
        m.possessive
            || before.is_none_or(|t| {
                AUXILIARIES.contains(&t.lower.as_str())
                    || matches!(t.lower.as_str(), "from" | "by" | "what" | "when")
            })
    };
    let first = mentions.iter().find(|m| in_slot(m)).or(mentions.first())?;
    if let Some(v) = verb {
        let be_before = v.start > 0
            && matches!(
                toks[v.start - 1].lower.as_str(),
                "was" | "were" | "is" | "been" | "being" | "are"
            );
        if first.start > v.start && be_before {
            return None;
        }
    }
    Some(first)
}
