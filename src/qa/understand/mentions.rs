//! Stage 3: who the question names. Names are found by dictionary look-up anywhere in the
//! question, longest n-gram first and case-insensitively, against the keys the index stores
//! for people, organisations, places and speakers (a [`NameLookup`]); a capitalised run the
//! index does not know is still a name (so "nothing found" can name it). Role phrases
//! ("putin's foreign minister", "the ukrainian president", "which pollster") are built from
//! the lexicon's title, nationality and place words; pronouns are marked, never names.

use crate::nlp::lexicon::lexicon;
use crate::nlp::mentions::is_role_head;
use crate::nlp::names;

use super::normalise::Tok;

/// How often the corpus knows a name key ("donald trump", "kremlin"). Behind a trait so
/// the reader's tests use a set or a map and need no index.
pub trait NameLookup {
    /// In how many records the key is a name or a speaker's key (0: unknown).
    fn records(&self, key: &str) -> u32;

    fn is_name_key(&self, key: &str) -> bool {
        self.records(key) > 0
    }

    /// Whether the key is both an entity's name and a statement's speaker: someone the
    /// articles name and quote, however few the articles ("rutte" in a single article),
    /// unlike a common word that ends one capitalised title ("job").
    fn named_speaker(&self, _key: &str) -> bool {
        false
    }
}

/// A set of well-known names: each as often as a name can be.
impl NameLookup for std::collections::HashSet<String> {
    fn records(&self, key: &str) -> u32 {
        if self.contains(key) {
            u32::MAX
        } else {
            0
        }
    }

    fn named_speaker(&self, key: &str) -> bool {
        self.contains(key)
    }
}

impl NameLookup for std::collections::HashMap<String, u32> {
    fn records(&self, key: &str) -> u32 {
        self.get(key).copied().unwrap_or(0)
    }
}

/// How many records must know a lowercase word as a name before a question typed all in
/// lowercase takes it for one: "job" is the last word of one "One-Person Job", "trump" of
/// thousands.
const LOWERCASE_NAME_RECORDS: u32 = 3;

/// Remembers each key's answer for one question: the reader asks about the same words
/// from several stages, and each look-up walks every segment's term dictionary.
struct Memo<'a> {
    inner: &'a dyn NameLookup,
    seen: std::cell::RefCell<rustc_hash::FxHashMap<String, u32>>,
}

impl<'a> Memo<'a> {
    fn new(inner: &'a dyn NameLookup) -> Self {
        Memo {
            inner,
            seen: Default::default(),
        }
    }
}

impl NameLookup for Memo<'_> {
    fn records(&self, key: &str) -> u32 {
        if let Some(&n) = self.seen.borrow().get(key) {
            return n;
        }
        let n = self.inner.records(key);
        self.seen.borrow_mut().insert(key.to_string(), n);
        n
    }

    fn named_speaker(&self, key: &str) -> bool {
        // Asked only of a lowercase word the dictionary knows: once or twice a question.
        self.inner.named_speaker(key)
    }
}

/// A lookup that knows no name: questions are then read by capitals and word slots alone.
pub struct NoNames;

impl NameLookup for NoNames {
    fn records(&self, _: &str) -> u32 {
        0
    }
}

/// What a mention is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MentionKind {
    /// A name; `known` when the corpus has its key.
    Name { known: bool },
    /// A role phrase; `of` is the person or body whose role it is ("Putin" in "Putin's
    /// foreign minister").
    Role { of: Option<String> },
    /// "he", "she", "they": who it is comes from a conversation, never from the word.
    Pronoun,
}

/// A mention: tokens `start..end` of the question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The words as written, possessive dropped; for a role, its role words only.
    pub text: String,
    pub kind: MentionKind,
    /// Written with a possessive ("Podesta's take").
    pub possessive: bool,
}

impl Mention {
    pub fn is_pronoun(&self) -> bool {
        self.kind == MentionKind::Pronoun
    }
}

/// The longest name we look up, in words.
const MAX_NAME_WORDS: usize = 4;

/// Pronouns that stand for a person. Not "it": "who was it that said …" names no one.
const PRONOUNS: &[&str] = &["he", "she", "they", "him", "her", "them"];

/// Words that join the parts of a capitalised name: "Secretary of State", "Bank of England",
/// "Ursula von der Leyen".
const NAME_JOINERS: &[&str] = &[
    "of", "de", "van", "von", "der", "den", "ter", "al", "el", "bin", "ibn", "la", "le", "du",
    "da", "del", "di", "dos", "das",
];

/// Words that may open a question or a clause with a capital without being a name.
fn is_grammar_word(lower: &str) -> bool {
    let lex = lexicon();
    lex.is_function_word(lower) || super::shape::is_question_word(lower)
}

/// Every mention in the question, in order, none overlapping. `used` marks tokens an
/// earlier stage took (the time).
pub fn find(toks: &[Tok], used: &[bool], lookup: &dyn NameLookup) -> Vec<Mention> {
    let memo = Memo::new(lookup);
    let lookup: &dyn NameLookup = &memo;
    let scan = Scan {
        toks,
        used,
        lookup,
        mixed_case: toks.iter().skip(1).any(|t| t.cap),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if used[i] || toks[i].quoted {
            i += 1;
            continue;
        }
        if let Some(m) = role_at(&scan, i)
            .or_else(|| name_at(&scan, i))
            .or_else(|| pronoun_at(toks, i))
        {
            i = m.end;
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

fn pronoun_at(toks: &[Tok], i: usize) -> Option<Mention> {
    PRONOUNS.contains(&toks[i].lower.as_str()).then(|| Mention {
        start: i,
        end: i + 1,
        text: toks[i].text.clone(),
        kind: MentionKind::Pronoun,
        possessive: toks[i].possessive,
    })
}

/// The words as written: a space only where the question had one ("E.U", not "E. U").
pub(super) fn joined(toks: &[Tok]) -> String {
    let mut out = String::new();
    for (k, t) in toks.iter().enumerate() {
        if k > 0 && t.start > toks[k - 1].end {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// Whether a token may be part of a name at all.
fn may_be_in_name(t: &Tok) -> bool {
    !t.quoted && !is_grammar_word(&t.lower) && t.lower.chars().any(char::is_alphabetic)
}

/// What every look-up at a position needs: the question's words, which an earlier stage
/// took, the name dictionary, and whether the question's capitals are trusted.
#[derive(Clone, Copy)]
struct Scan<'a> {
    toks: &'a [Tok],
    used: &'a [bool],
    lookup: &'a dyn NameLookup,
    /// A question with capitals past its first word trusts them: a lowercase word is then
    /// a word, whatever the dictionary says.
    mixed_case: bool,
}

/// Words that join the parts of an organisation's name: "Bank of England", "Committee to
/// Protect Journalists", "Citizens for Responsibility and Ethics".
const NAME_CONNECTORS: &[&str] = &["of", "for", "and", "to", "on", "the"];

/// A name at `i`: one the corpus knows, else a capitalised run.
fn name_at(scan: &Scan<'_>, i: usize) -> Option<Mention> {
    known_name_at(scan, i)
        .or_else(|| described_name_at(scan, i))
        .or_else(|| capitalised_at(scan.toks, scan.used, i))
}

/// "Rival Hillary Clinton", "Billionaire Donald Trump": a capitalised word the corpus does
/// not know, before a full name it does, describes the name. The mention covers both words
/// and names the known one. (Before a surname alone it may be a first name: "Jacinda
/// Clinton" is someone else.)
fn described_name_at(scan: &Scan<'_>, i: usize) -> Option<Mention> {
    let t = scan.toks.get(i)?;
    if !t.cap || t.possessive || !may_be_in_name(t) || !scan.toks.get(i + 1)?.cap {
        return None;
    }
    let known = known_name_at(scan, i + 1)?;
    (known.kind == (MentionKind::Name { known: true }) && known.end - known.start >= 2)
        .then_some(Mention { start: i, ..known })
}

/// The longest n-gram at `i` whose key the corpus knows. A lowercase single word in a question
/// that uses capitals elsewhere is not taken on the dictionary's word alone ("the wall" next
/// to "Trump"), nor is a lowercase word that is a verb ("hope") or a post ("president"): a
/// portfolio or body ("treasury", "senate") may be.
fn known_name_at(scan: &Scan<'_>, i: usize) -> Option<Mention> {
    let Scan {
        toks,
        used,
        lookup,
        mixed_case,
    } = *scan;
    for n in (1..=MAX_NAME_WORDS.min(toks.len().saturating_sub(i))).rev() {
        let span = &toks[i..i + n];
        let lex = lexicon();
        // A place or organisation the lexicon knows ("new zealand") is stored whole only,
        // and may hold a word that is no name's ("new").
        let lexicon_name = n > 1 && lex.is_place_or_org(&joined(span).to_lowercase());
        // "bank of england", "committee to protect journalists": a connector inside a name
        // the corpus knows whole.
        let inside = |k: usize| k > 0 && k + 1 < n;
        // "What did May say", "theresa may": a name's word the grammar has too, capitalised
        // past the question's first word or ending a longer name the corpus knows.
        let grammar_in_name = |k: usize, t: &Tok| {
            !t.quoted
                && lex.modal_words.contains(&t.lower)
                && ((t.cap && i + k > 0) || (n > 1 && k + 1 == n))
        };
        if span.iter().enumerate().any(|(k, t)| {
            used[i + k]
                || !(may_be_in_name(t)
                    || grammar_in_name(k, t)
                    || (lexicon_name && !t.quoted)
                    || (inside(k) && !t.quoted && NAME_CONNECTORS.contains(&t.lower.as_str())))
                || (k + 1 < n && t.possessive)
        }) {
            continue;
        }
        let lower_word = n == 1 && !span[0].cap;
        if lower_word
            && (mixed_case
                || lex.verb_lemma(&span[0].lower).is_some()
                || is_role_head(&span[0].lower))
        {
            continue;
        }
        // Every full name is also stored under its last word: a run whose last word is no
        // key is no name, and is not looked up.
        if n > 1 && !lexicon_name && !lookup.is_name_key(&names::speaker_key(&span[n - 1].text)) {
            continue;
        }
        let key = names::speaker_key(&joined(span));
        let enough = if lower_word && !lookup.named_speaker(&key) {
            LOWERCASE_NAME_RECORDS
        } else {
            1
        };
        if !key.is_empty() && lookup.records(&key) >= enough {
            return Some(unknown_name_ending_slot(scan, i, n).unwrap_or(Mention {
                start: i,
                end: i + n,
                text: joined(span),
                kind: MentionKind::Name { known: true },
                possessive: span[n - 1].possessive,
            }));
        }
        if n == 2 {
            if let Some(m) = misspelt_first_name(scan, i) {
                return Some(m);
            }
        }
    }
    None
}

/// "tobias whitcombe's take": a known word (the `n` at `i`) followed by an unknown one that
/// ends the name slot is a name the corpus lacks, not the known one. Not when the next word
/// is lowercase among capitals ("what was Zelensky confused about"), nor a common word after
/// someone the articles quote ("starmer peace plan", "zelensky confused about").
fn unknown_name_ending_slot(scan: &Scan<'_>, i: usize, n: usize) -> Option<Mention> {
    let Scan {
        toks,
        used,
        lookup,
        mixed_case,
    } = *scan;
    let lex = lexicon();
    let quoted_speaker = || lookup.named_speaker(&names::speaker_key(&joined(&toks[i..i + n])));
    let next = toks.get(i + n).filter(|t| {
        !toks[i + n - 1].possessive
            && !used[i + n]
            && may_be_in_name(t)
            && lex.verb_lemma(&t.lower).is_none()
            && !lex.is_title(&t.lower)
            && !lookup.is_name_key(&names::speaker_key(&t.text))
            && (!mixed_case || t.cap)
            && !(crate::qa::synonyms::is_common_word(&t.lower) && quoted_speaker())
    })?;
    let ends_slot = next.possessive
        || toks.get(i + n + 1).is_some_and(|after| {
            lex.verb_lemma(&after.lower).is_some() || matches!(after.lower.as_str(), "on" | "about")
        });
    (ends_slot && n < MAX_NAME_WORDS).then(|| Mention {
        start: i,
        end: i + n + 1,
        text: joined(&toks[i..=i + n]),
        kind: MentionKind::Name { known: false },
        possessive: next.possessive,
    })
}

/// A misspelt first name before a known surname ("hilary clinton", the two words at `i`):
/// the whole is the name, and linking forgives the typo.
fn misspelt_first_name(scan: &Scan<'_>, i: usize) -> Option<Mention> {
    let Scan { toks, lookup, .. } = *scan;
    let span = &toks[i..i + 2];
    let lex = lexicon();
    let fits = !span[0].cap
        && lex.verb_lemma(&span[1].lower).is_none()
        && lookup.is_name_key(&names::speaker_key(&span[1].text));
    let opens_slot = i == 0 || is_grammar_word(&toks[i - 1].lower);
    (fits
        && opens_slot
        && !lex.is_title(&span[0].lower)
        && lex.verb_lemma(&span[0].lower).is_none()
        && !verb_form(&span[0].lower))
    .then(|| Mention {
        start: i,
        end: i + 2,
        text: joined(span),
        kind: MentionKind::Name { known: false },
        possessive: span[1].possessive,
    })
}

/// A lowercase word that reads as a participle ("pressuring", "blamed") and is no first
/// name the lexicon knows: "who was pressuring zelensky" names no one called Pressuring.
fn verb_form(lower: &str) -> bool {
    let lex = lexicon();
    (lower.len() >= 5 && (lower.ends_with("ing") || lower.ends_with("ed")))
        && !lex.male_names.contains(lower)
        && !lex.female_names.contains(lower)
}

/// "did senator vestergaard say …": a bare title (no "the", no "which" before it) and then
/// a word that is no grammar, verb or title word, standing where a name stands (before a
/// verb, "on"/"about", a possessive, or at the end), is a name the corpus lacks.
fn unknown_name_after_title(toks: &[Tok], used: &[bool], i: usize, end: usize) -> Option<Mention> {
    let lex = lexicon();
    let bare = i == 0
        || !matches!(
            toks[i - 1].lower.as_str(),
            "the" | "a" | "an" | "which" | "what" | "any" | "every"
        );
    let t = toks.get(end)?;
    let name_word = !used[end]
        && may_be_in_name(t)
        && lex.verb_lemma(&t.lower).is_none()
        && !lex.is_title(&t.lower);
    let slot_ends = t.possessive
        || toks.get(end + 1).is_none_or(|next| {
            lex.verb_lemma(&next.lower).is_some() || matches!(next.lower.as_str(), "on" | "about")
        });
    (bare && name_word && slot_ends).then(|| Mention {
        start: i,
        end: end + 1,
        text: joined(&toks[i..=end]),
        kind: MentionKind::Name { known: false },
        possessive: t.possessive,
    })
}

/// A capitalised run the corpus may not know: "Jacinda Okafor", "Bank of England".
fn capitalised_at(toks: &[Tok], used: &[bool], i: usize) -> Option<Mention> {
    let t = toks.get(i)?;
    if !t.cap || !may_be_in_name(t) {
        return None;
    }
    let mut end = i + 1;
    while end < toks.len() && !used[end] && !toks[end - 1].possessive {
        let next = &toks[end];
        // Joiners in a row ("von der") join when a capital follows them.
        // After an organisation word, "to", "for" and "on" join too ("Committee to Protect
        // Journalists", "Center for American Progress"); "and" never does ("the Justice
        // Department and Comey").
        let org_word = lexicon()
            .org_suffixes
            .contains(toks[end - 1].lower.as_str());
        let joins =
            |w: &str| NAME_JOINERS.contains(&w) || (org_word && matches!(w, "to" | "for" | "on"));
        let joiner = joins(&next.lower)
            && toks[end..]
                .iter()
                .find(|t| !joins(&t.lower))
                .is_some_and(|t| t.cap);
        if (next.cap && may_be_in_name(next)) || joiner {
            end += 1;
        } else {
            break;
        }
    }
    Some(Mention {
        start: i,
        end,
        text: joined(&toks[i..end]),
        kind: MentionKind::Name { known: false },
        possessive: toks[end - 1].possessive,
    })
}

/// Whether a word can be part of a role phrase: a title word, a nationality, a place or an
/// organisation word ("ukrainian", "new york", "democrat", "foreign", "minister").
fn is_role_part(lower: &str) -> bool {
    let lex = lexicon();
    lex.is_title(lower)
        || lex.nationalities.contains(lower)
        || lex.places.contains(lower)
        || lex.orgs.contains(lower)
        || lex.role_group(lower).is_some()
}

/// A role phrase at `i`: an optional possessor name ("putin's", "the kremlin's"), then role
/// words ending on a post ("foreign minister", "pollster"). A name that follows the role
/// ("senator Ted Cruz") makes the whole a name instead.
fn role_at(scan: &Scan<'_>, i: usize) -> Option<Mention> {
    let Scan {
        toks, used, lookup, ..
    } = *scan;
    let mut start = i;
    let mut of = None;
    // Whose role: "Putin's foreign minister", or a name straight before the post ("Sanders
    // adviser", "Clinton communications director").
    let followed_by_post = |end: usize| {
        (end..toks.len().min(end + 4))
            .take_while(|&k| !used[k] && is_role_part(&toks[k].lower))
            .any(|k| is_role_head(&toks[k].lower))
    };
    if let Some(owner) = name_at(scan, i).filter(|m| {
        let describes = toks[m.start..m.end].iter().all(|t| is_role_part(&t.lower));
        m.possessive || (followed_by_post(m.end) && !describes)
    }) {
        of = Some(owner.text.clone());
        start = owner.end;
    }
    let mut end = start;
    while end < toks.len() && !used[end] && !toks[end].quoted && is_role_part(&toks[end].lower) {
        end += 1;
        if toks[end - 1].possessive {
            break;
        }
    }
    // Trim to the last post word: "the foreign minister" ends on "minister".
    while end > start && !is_role_head(&toks[end - 1].lower) {
        end -= 1;
    }
    if end == start {
        return None;
    }
    // "Senator Ted Cruz", "campaign manager Kellyanne Conway", "Clinton adviser John
    // Podesta": a name after the title is who is meant.
    if let Some(name) = name_at(scan, end) {
        let text = if of.is_some() {
            name.text
        } else {
            joined(&toks[i..name.end])
        };
        return Some(Mention {
            start: i,
            end: name.end,
            text,
            kind: name.kind,
            possessive: name.possessive,
        });
    }
    if let Some(name) = (of.is_none() && i == start)
        .then(|| unknown_name_after_title(toks, used, i, end))
        .flatten()
    {
        return Some(name);
    }
    if of.is_none() {
        // A title the corpus knows as a name ("the Pope") is a name.
        if toks[start..end].iter().all(|t| t.cap)
            && lookup.is_name_key(&names::speaker_key(&joined(&toks[start..end])))
        {
            return None;
        }
    }
    Some(Mention {
        start: i,
        end,
        text: joined(&toks[start..end]),
        kind: MentionKind::Role { of },
        possessive: toks[end - 1].possessive,
    })
}
