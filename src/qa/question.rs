//! Question understanding: from a chat question to a [`Question`]: what it asks (the
//! [`Intent`]), who it is about, the verb it asks about, and its topic words.
//!
//! English questions put their parts in a few slots ("what did SUBJECT VERB REST", "who VERB
//! REST", "when did SUBJECT VERB REST", "who is NAME"), so we read the slots, not the whole
//! grammar. Names are linked to the corpus later, in retrieval; here they are only text.
//! Calls nothing outside `qa`.

use super::answer::Intent;

/// The longest question we read, in characters (Unicode scalar values); longer ones are
/// refused with a clear message. Characters, not bytes, because Discord's `max_length` on
/// `/ask` counts characters: a question Discord lets through is never refused here for its
/// accented letters or emoji. At most 4,000 bytes, which bounds the work.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// A name as the question writes it ("Rubio's" → "Rubio").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRef {
    pub text: String,
}

/// A parsed question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    pub intent: Intent,
    /// Who the question asks about (the speaker for what-said, the person for who-is).
    pub subject: Option<NameRef>,
    /// Other names in the question ("to Zelensky", "between Rubio and Lavrov").
    pub others: Vec<NameRef>,
    /// The verb asked about, in base form ("propose", "call for"), unless it is just "say".
    pub cue: Option<String>,
    /// The topic words as written, names excluded ("the summit", "a peace plan").
    pub topic: String,
}

impl Question {
    /// Read a question. Never fails: a question we cannot place becomes a search.
    pub fn parse(raw: &str) -> Question {
        let text = raw.trim().to_string();
        let words = words(&text);
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let first = lower.first().map(String::as_str).unwrap_or("");
        let second = lower.get(1).map(String::as_str).unwrap_or("");
        let mut q = Question {
            text: text.clone(),
            intent: Intent::Search,
            subject: None,
            others: Vec::new(),
            cue: None,
            topic: String::new(),
        };
        match (first, second) {
            ("who", "is" | "was" | "'s" | "are") if !has_verb(&lower[2..]) => {
                q.intent = Intent::WhoIs;
                q.subject = name_of(&words[2..]);
            }
            ("who", _) => {
                q.intent = Intent::WhoSaid;
                let (verb, rest) = leading_verb(&words[1..], &lower[1..]);
                q.cue = verb.filter(|v| !is_plain_say(v));
                q.set_rest(rest);
            }
            ("when", _) => {
                q.intent = Intent::When;
                q.read_subject_verb_rest(&words[1..], &lower[1..]);
            }
            ("what" | "which", "is" | "was" | "are") if position_words(&lower).is_some() => {
                q.intent = Intent::Position;
                q.read_position(&words, &lower);
            }
            ("what" | "which", "was" | "were" | "is" | "has" | "have")
                if lower.get(2).is_some_and(|w| w == "said" || w == "been") =>
            {
                // Passive: "what was said in the call between Rubio and Lavrov?"
                q.intent = Intent::WhatSaid;
                let skip = if lower.get(2).is_some_and(|w| w == "been") {
                    4
                } else {
                    3
                };
                q.set_rest(&words[skip.min(words.len())..]);
            }
            ("what", _) | ("how", _) | ("where", "does" | "did" | "do") => {
                q.read_subject_verb_rest(&words[1..], &lower[1..]);
                q.intent = if q.subject.is_some() {
                    if latest_words(&lower) {
                        Intent::Latest
                    } else if q.cue.as_deref() == Some("think") {
                        Intent::Position
                    } else {
                        Intent::WhatSaid
                    }
                } else {
                    Intent::Search
                };
            }
            _ if lower.iter().any(|w| w == "timeline") => {
                q.intent = Intent::Timeline;
                let rest: Vec<String> = words
                    .iter()
                    .filter(|w| {
                        !matches!(
                            w.to_lowercase().as_str(),
                            "timeline" | "of" | "for" | "the" | "a"
                        )
                    })
                    .cloned()
                    .collect();
                q.subject = name_of(&rest);
            }
            _ => {
                q.set_rest(&words);
            }
        }
        if q.intent == Intent::Search {
            if let Some(first) = q.others.first().cloned() {
                if latest_words(&lower) {
                    q.intent = Intent::Latest;
                    q.subject = Some(first);
                    q.others.remove(0);
                }
            }
        }
        q
    }

    /// "did SUBJECT VERB REST" (the auxiliary first).
    fn read_subject_verb_rest(&mut self, words: &[String], lower: &[String]) {
        let start = usize::from(lower.first().is_some_and(|w| is_auxiliary(w)));
        let (words, lower) = (&words[start..], &lower[start..]);
        let verb_at = lower.iter().position(|w| verb_base(w).is_some());
        let (subject, after) = match verb_at {
            Some(i) if i > 0 => (&words[..i], i),
            _ => {
                // No known verb: the capitalised run is the subject.
                let run = words
                    .iter()
                    .take_while(|w| starts_upper(w) || is_determiner(&w.to_lowercase()))
                    .count();
                (&words[..run], run)
            }
        };
        self.subject = name_of(subject);
        let (verb, rest) = leading_verb(&words[after..], &lower[after..]);
        self.cue = verb.filter(|v| !is_plain_say(v));
        self.set_rest(rest);
    }

    /// "what is X's position on Y" / "what is the position of X on Y".
    fn read_position(&mut self, words: &[String], lower: &[String]) {
        let Some(pos) = position_words(lower) else {
            return;
        };
        let before = &words[2..pos];
        let on = lower[pos..]
            .iter()
            .position(|w| {
                matches!(
                    w.as_str(),
                    "on" | "about" | "regarding" | "towards" | "toward"
                )
            })
            .map(|i| pos + i);
        let (subject_words, rest): (Vec<String>, &[String]) = match on {
            Some(i) => {
                let mut s: Vec<String> = before.to_vec();
                // "the position of X on Y"
                s.extend(
                    words[pos + 1..i]
                        .iter()
                        .filter(|w| w.to_lowercase() != "of")
                        .cloned(),
                );
                (s, &words[i + 1..])
            }
            None => (before.to_vec(), &[]),
        };
        self.subject = name_of(&subject_words);
        self.set_rest(rest);
    }

    /// Split the rest of a question into other names and topic words.
    fn set_rest(&mut self, rest: &[String]) {
        let mut topic = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            let w = &rest[i];
            if starts_upper(w) && !is_function_word(&w.to_lowercase()) {
                let run = rest[i..]
                    .iter()
                    .take_while(|w| starts_upper(w) || is_name_joiner(w))
                    .count();
                let run = trim_joiners(&rest[i..i + run]);
                if let Some(name) = name_of(&rest[i..i + run]) {
                    self.others.push(name);
                }
                topic.extend(rest[i..i + run].iter().cloned());
                i += run.max(1);
            } else {
                topic.push(w.clone());
                i += 1;
            }
        }
        self.topic = topic.join(" ");
    }

    /// "Who said that …" / "Who said \"…\"": the rest of the question is the words said, so
    /// a time in it ("… on June 16th of last year") belongs to the quote, not the question.
    pub fn quotes_words(raw: &str) -> bool {
        let words = words(raw);
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        if lower.first().map(String::as_str) != Some("who") || lower.len() < 3 {
            return false;
        }
        let quoted = raw.contains(['"', '“', '”']);
        let that = verb_base(&lower[1]).is_some() && lower[2] == "that";
        quoted || that
    }

    /// All names of the question, subject first.
    pub fn names(&self) -> impl Iterator<Item = &NameRef> {
        self.subject.iter().chain(self.others.iter())
    }
}

/// Split into words, keeping in-word apostrophes and hyphens, dropping possessive "'s".
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '?' | '!' | ',' | ';' | ':' | '"' | '“' | '”' | '(' | ')')
    })
    .map(|w| w.trim_matches(|c: char| c == '.' || c == '\'' || c == '‘' || c == '’'))
    .map(strip_possessive)
    .filter(|w| !w.is_empty())
    .map(str::to_string)
    .collect()
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

fn name_of(words: &[String]) -> Option<NameRef> {
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| is_determiner(&w.to_lowercase()))
        .collect();
    let text = kept.join(" ");
    let text = text.trim();
    (!text.is_empty()).then(|| NameRef {
        text: text.to_string(),
    })
}

fn trim_joiners(run: &[String]) -> usize {
    let mut n = run.len();
    while n > 0 && is_name_joiner(&run[n - 1]) {
        n -= 1;
    }
    n
}

/// Words that may sit inside a capitalised name: "Secretary of State", "Bank of England".
fn is_name_joiner(w: &str) -> bool {
    matches!(
        w,
        "of" | "de" | "van" | "von" | "al" | "bin" | "la" | "le" | "du" | "da"
    )
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_determiner(w: &str) -> bool {
    matches!(w, "the" | "a" | "an")
}

fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
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
            | "will"
            | "would"
            | "could"
            | "can"
            | "should"
    )
}

fn is_function_word(w: &str) -> bool {
    is_determiner(w)
        || is_auxiliary(w)
        || matches!(
            w,
            "i" | "what" | "who" | "when" | "how" | "about" | "on" | "in" | "and" | "or"
        )
}

fn is_plain_say(v: &str) -> bool {
    matches!(v, "say" | "tell" | "speak" | "state" | "comment" | "think") && v != "think"
}

/// Words that ask for the most recent: "the latest from X", "what did X say lately".
pub fn is_latest_word(w: &str) -> bool {
    matches!(w, "latest" | "lately" | "recently" | "newest" | "last")
}

fn latest_words(lower: &[String]) -> bool {
    lower.iter().any(|w| is_latest_word(w))
        && !lower
            .windows(2)
            .any(|p| p[0] == "last" && matches!(p[1].as_str(), "week" | "month" | "year" | "night"))
}

/// Where the word "position"/"stance"/"view" is, in "what is X's position on Y".
fn position_words(lower: &[String]) -> Option<usize> {
    lower
        .iter()
        .position(|w| {
            matches!(
                w.as_str(),
                "position" | "stance" | "view" | "views" | "opinion" | "take" | "attitude"
            )
        })
        .filter(|&i| i >= 2)
}

fn has_verb(lower: &[String]) -> bool {
    lower
        .iter()
        .any(|w| verb_base(w).is_some() && !matches!(w.as_str(), "call" | "calls" | "called"))
}

/// A leading verb (with its particle: "called for") and what follows.
fn leading_verb<'a>(words: &'a [String], lower: &[String]) -> (Option<String>, &'a [String]) {
    let Some(first) = lower.first() else {
        return (None, words);
    };
    let mut i = usize::from(is_auxiliary(first) && lower.len() > 1);
    let Some(base) = lower.get(i).and_then(|w| verb_base(w)) else {
        return (None, &words[i.min(words.len())..]);
    };
    i += 1;
    let mut verb = base.to_string();
    if let Some(p) = lower
        .get(i)
        .filter(|p| particle_for(base) == Some(p.as_str()))
    {
        verb = format!("{base} {p}");
        i += 1;
    }
    if lower.get(i).is_some_and(|w| w == "that") {
        i += 1;
    }
    (Some(verb), &words[i.min(words.len())..])
}

fn particle_for(base: &str) -> Option<&'static str> {
    match base {
        "call" | "ask" | "advocate" | "push" | "argue" => Some("for"),
        "warn" | "worry" | "complain" | "talk" | "speak" => Some("about"),
        "agree" => Some("with"),
        _ => None,
    }
}

/// The base form of a verb questions ask about, in any inflection.
pub fn verb_base(w: &str) -> Option<&'static str> {
    const VERBS: &[&str] = &[
        "say",
        "tell",
        "state",
        "claim",
        "suggest",
        "propose",
        "call",
        "warn",
        "argue",
        "emphasize",
        "emphasise",
        "stress",
        "announce",
        "insist",
        "promise",
        "urge",
        "ask",
        "demand",
        "deny",
        "admit",
        "accuse",
        "criticize",
        "criticise",
        "praise",
        "think",
        "believe",
        "want",
        "hope",
        "expect",
        "worry",
        "fear",
        "plan",
        "vow",
        "pledge",
        "threaten",
        "offer",
        "recommend",
        "advocate",
        "support",
        "oppose",
        "reject",
        "echo",
        "express",
        "assert",
        "indicate",
        "confirm",
        "reveal",
        "report",
        "describe",
        "predict",
        "agree",
        "talk",
        "speak",
        "meet",
        "invade",
        "attack",
        "tweet",
        "write",
        "comment",
        "respond",
        "reply",
        "explain",
        "note",
        "add",
        "acknowledge",
        "mention",
        "declare",
        "signal",
        "push",
        "complain",
        "discuss",
        "decide",
        "sign",
        "visit",
        "win",
        "lose",
        "launch",
        "start",
        "begin",
        "end",
        "die",
        "happen",
        "arrive",
        "leave",
        "resign",
        "elect",
        "become",
    ];
    const IRREGULAR: &[(&str, &str)] = &[
        ("said", "say"),
        ("says", "say"),
        ("told", "tell"),
        ("tells", "tell"),
        ("thought", "think"),
        ("spoke", "speak"),
        ("spoken", "speak"),
        ("met", "meet"),
        ("wrote", "write"),
        ("written", "write"),
        ("won", "win"),
        ("lost", "lose"),
        ("began", "begin"),
        ("begun", "begin"),
        ("left", "leave"),
        ("became", "become"),
        ("died", "die"),
        ("denied", "deny"),
        ("replied", "reply"),
        ("worried", "worry"),
        ("signaled", "signal"),
        ("signalled", "signal"),
    ];
    if let Some((_, base)) = IRREGULAR.iter().find(|(form, _)| *form == w) {
        return Some(base);
    }
    let candidates = [
        Some(w),
        w.strip_suffix("ied").map(|_| ""),
        w.strip_suffix("es"),
        w.strip_suffix('s'),
        w.strip_suffix("ed"),
        w.strip_suffix('d'),
        w.strip_suffix("ing"),
    ];
    for c in candidates.into_iter().flatten() {
        if let Some(v) = VERBS.iter().find(|v| **v == c) {
            return Some(v);
        }
        // "suggesting" → "suggest"; "proposing" → "propos" + "e".
        if !c.is_empty() {
            let with_e = format!("{c}e");
            if let Some(v) = VERBS.iter().find(|v| **v == with_e) {
                return Some(v);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// intent, subject, other names, cue, topic
    type Slots<T> = (Intent, Option<String>, Vec<String>, Option<String>, T);

    fn parse(q: &str) -> Slots<String> {
        let p = Question::parse(q);
        (
            p.intent,
            p.subject.map(|s| s.text),
            p.others.into_iter().map(|s| s.text).collect(),
            p.cue,
            p.topic,
        )
    }

    #[test]
    fn questions_are_read_into_slots() {
        let s = |x: &str| Some(x.to_string());
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let table: Vec<(&str, Slots<&str>)> = vec![
            (
                "What did the Kremlin say about the summit?",
                (
                    Intent::WhatSaid,
                    s("Kremlin"),
                    v(&[]),
                    None,
                    "about the summit",
                ),
            ),
            (
                "Who proposed a peace plan?",
                (Intent::WhoSaid, None, v(&[]), s("propose"), "a peace plan"),
            ),
            (
                "What did Mark Rutte say?",
                (Intent::WhatSaid, s("Mark Rutte"), v(&[]), None, ""),
            ),
            (
                "What has Zelensky called for?",
                (Intent::WhatSaid, s("Zelensky"), v(&[]), s("call for"), ""),
            ),
            (
                "When did Trump talk to Putin?",
                (
                    Intent::When,
                    s("Trump"),
                    v(&["Putin"]),
                    s("talk"),
                    "to Putin",
                ),
            ),
            (
                "What did Trump suggest to Zelensky?",
                (
                    Intent::WhatSaid,
                    s("Trump"),
                    v(&["Zelensky"]),
                    s("suggest"),
                    "to Zelensky",
                ),
            ),
            (
                "Who is Marco Rubio?",
                (Intent::WhoIs, s("Marco Rubio"), v(&[]), None, ""),
            ),
            (
                "What was said in the call between Rubio and Lavrov?",
                (
                    Intent::WhatSaid,
                    None,
                    v(&["Rubio", "Lavrov"]),
                    None,
                    "in the call between Rubio and Lavrov",
                ),
            ),
            (
                "When did Russia invade Ukraine?",
                (
                    Intent::When,
                    s("Russia"),
                    v(&["Ukraine"]),
                    s("invade"),
                    "Ukraine",
                ),
            ),
            (
                "Who said an in-person meeting was unnecessary?",
                (
                    Intent::WhoSaid,
                    None,
                    v(&[]),
                    None,
                    "an in-person meeting was unnecessary",
                ),
            ),
            (
                "What is Trump's position on meeting Putin?",
                (
                    Intent::Position,
                    s("Trump"),
                    v(&["Putin"]),
                    None,
                    "meeting Putin",
                ),
            ),
            (
                "what did zelensky say",
                (Intent::WhatSaid, s("zelensky"), v(&[]), None, ""),
            ),
            (
                "What is the latest from Rutte?",
                (
                    Intent::Latest,
                    s("Rutte"),
                    v(&[]),
                    None,
                    "the latest from Rutte",
                ),
            ),
        ];
        for (q, (intent, subject, others, cue, topic)) in table {
            let got = parse(q);
            // "latest from X" keeps its words in the topic; the subject is what matters.
            let expected = (intent, subject, others, cue, topic.to_string());
            if intent == Intent::Latest {
                assert_eq!((got.0, got.1), (expected.0, expected.1), "{q}");
            } else {
                assert_eq!(got, expected, "{q}");
            }
        }
    }

    #[test]
    fn verbs_are_recognised_in_any_form() {
        for (w, base) in [
            ("proposed", "propose"),
            ("suggesting", "suggest"),
            ("says", "say"),
            ("called", "call"),
            ("worried", "worry"),
            ("invaded", "invade"),
        ] {
            assert_eq!(verb_base(w), Some(base), "{w}");
        }
        assert_eq!(verb_base("summit"), None);
    }
}
