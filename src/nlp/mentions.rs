//! Mentions of people, organisations, groups and places, with the roles the text gives them.
//!
//! A left-to-right pass over each sentence's tokens tries, at each position, the phrase
//! shapes below and keeps the first that matches:
//! - organisation: "The Kremlin", "the Justice Department", "the Trump campaign", "DNC";
//! - person: `[det] [honorific] (role word)* Name+`, e.g. "U.S. Secretary of State Marco
//!   Rubio", "NATO Secretary General Mark Rutte", "Mr. Trump";
//! - group: `[det] (nationality|organisation|modifier)* group-noun`: "European leaders",
//!   "U.S. officials", "Republicans";
//! - role only: `det modifier* title [for|of det? word]`: "The Ukrainian leader", "a
//!   spokesperson for the campaign" (a person the coreference step resolves);
//! - place: "Ukraine", "the United States".
//!
//! Capitalised words are names only when the lexicon does not know them as something else
//! (days, months, titles, places) and, at the start of a sentence, when the article also
//! capitalises them mid-sentence (so "Reports indicate" is not a person).

use std::cell::{Cell, OnceCell};
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon::{lexicon, Lexicon, WordSet};
use super::tokens::{sentence_ranges, QuoteDir, Token, TokenKind};
use super::{EntityKind, Mention, Span};

/// Title words that only modify a role ("foreign" minister); a role needs a head word.
pub(crate) const ROLE_MODIFIERS: &[&str] = &[
    "vice",
    "deputy",
    "acting",
    "former",
    "foreign",
    "defense",
    "defence",
    "prime",
    "state",
    "staff",
    "national",
    "security",
    "campaign",
    "press",
    "white",
    "house",
    "senate",
    "republican",
    "democratic",
    "democrat",
    "presidential",
    "top",
    "senior",
    "assistant",
    "associate",
    "interior",
    "finance",
    "justice",
    "labor",
    "energy",
    "homeland",
    "home",
    "shadow",
    "affairs",
    "health",
    "education",
    "commerce",
    "agriculture",
    "trade",
    "economic",
    "communications",
    "policy",
    "political",
    "majority",
    "minority",
    // Portfolios: "oil minister", "treasury secretary"; "the Treasury" alone is a body.
    "oil",
    "petroleum",
    "economy",
    "transport",
    "transportation",
    "environment",
    "industry",
    "treasury",
    "budget",
    "housing",
    "immigration",
];

/// Role modifiers that also open names: a post's word only before another title word
/// ("Shadow Home Secretary Yvette Cooper"), else part of the name ("Home Depot", "Shadow
/// Brokers").
const NAME_OPENING_MODIFIERS: &[&str] = &["home", "shadow"];

/// Lowercase words that may sit between a nationality and a group noun ("European
/// security advisors") or before a bare group noun ("many observers").
const GROUP_MODIFIERS: &[&str] = &[
    "many",
    "some",
    "several",
    "most",
    "other",
    "senior",
    "top",
    "security",
    "military",
    "foreign",
    "government",
    "administration",
    "campaign",
    "local",
    "state",
    "federal",
    "party",
    "intelligence",
    "defense",
    "trade",
    "health",
    "election",
    "white",
    "house",
    "anonymous",
    "few",
    "both",
    "two",
    "three",
    "four",
    "five",
    "former",
    "current",
    "conservative",
    "liberal",
    "republican",
    "democratic",
    "western",
    "european",
    "u.s.",
];

/// Whether a lowercase word names a post on its own ("minister", "pollster", "chief"), not
/// only describes one ("former", "foreign", "state").
pub(crate) fn is_role_head(lower: &str) -> bool {
    let lex = lexicon();
    (lex.is_title(lower) || lex.role_group(lower).is_some()) && !ROLE_MODIFIERS.contains(&lower)
}

/// Name particles that may sit inside a name: "Osama bin Laden", "Ursula von der Leyen".
const PARTICLES: &[&str] = &[
    "bin", "al", "de", "der", "van", "von", "la", "le", "da", "di", "del",
];

const DETERMINERS: &[&str] = &["the", "a", "an"];

/// Roles held for someone else: the phrase after their "for", "to" or "of" is whom the
/// holder serves ("a spokesman for Senator Robert Dole", "an aide to President Reagan", "a
/// lawyer for Mr. Trump"), so the holder is not that person.
const RELATIONAL_ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokesmen",
    "spokeswomen",
    "spokespeople",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "counsel",
    "representative",
    "representatives",
];

/// The longest apposition read as a role, in words: "a senior adviser to the campaign of
/// the Vermont senator" and no more.
const APPOSITION_MAX_WORDS: usize = 10;

/// Where the noun phrase of a role apposition ends and its complement begins: "adviser |
/// to Sanders", "pollster | at Quinnipiac".
const APPOSITION_PREPOSITIONS: &[&str] = &["to", "at", "for", "of", "in", "with", "from", "on"];

/// Words joining an organisation word to the rest of its name: "Committee to Protect
/// Journalists", "Center for American Progress".
const ORG_CONNECTORS: &[&str] = &["to", "for", "of", "on"];

/// The word lists the rules below consult, as bits: each token's lists are looked up once
/// (one hash lookup) instead of once per list per rule, which dominated the scan's time.
const STOPWORD: u32 = 1;
const TITLE: u32 = 1 << 1;
const HONORIFIC: u32 = 1 << 2;
const NATIONALITY: u32 = 1 << 3;
const PLACE: u32 = 1 << 4;
const ORG: u32 = 1 << 5;
const GROUP_NOUN: u32 = 1 << 6;
const ORG_SUFFIX: u32 = 1 << 7;
const ORG_HEAD: u32 = 1 << 8;
const COMMON_CAPS: u32 = 1 << 9;
const QUANTIFIER: u32 = 1 << 10;
const PHRASE_START: u32 = 1 << 11;
const FIRST_NAME: u32 = 1 << 12;
pub(crate) const CUE_START: u32 = 1 << 13;
const ROLE_MODIFIER: u32 = 1 << 14;
const GROUP_MODIFIER: u32 = 1 << 15;
const DETERMINER: u32 = 1 << 16;
const PARTICLE: u32 = 1 << 17;
/// Words that open an attribution shape other than a verb cue's
/// ([`crate::nlp::attribution::lead_shape_words`]).
pub(crate) const LEAD_SHAPE: u32 = 1 << 18;
/// The attribution shapes' function words, determiners, auxiliaries and forms of "be"
/// ([`crate::nlp::attribution::LISTED_WORDS`]): a rule asks a token's bit, or a word's
/// look-up, instead of comparing the word with each of a list's (up to 90) words.
pub(crate) const FUNCTION_WORD: u32 = 1 << 19;
pub(crate) const DET_WORD: u32 = 1 << 20;
pub(crate) const AUX_WORD: u32 = 1 << 21;
pub(crate) const BE_WORD: u32 = 1 << 22;
/// Verbs that cue only a quote's tag ([`crate::nlp::attribution::LISTED_WORDS`]).
pub(crate) const QUOTE_TAG_WORD: u32 = 1 << 23;

/// The look-up of the lists above: [`word_lists`], with its words of at most seven bytes
/// also keyed by [`short_key`]. Most tokens are that short, and a number hashes and compares in
/// a few instructions where a string takes a loop and a `memcmp`.
pub(crate) struct WordLists {
    short: FxHashMap<u64, u32>,
    all: &'static FxHashMap<&'static str, u32>,
}

impl WordLists {
    /// Made once; a caller looking up many words takes it once.
    pub(crate) fn get() -> &'static WordLists {
        static TABLES: OnceLock<WordLists> = OnceLock::new();
        TABLES.get_or_init(|| {
            let all = word_lists();
            let short = all
                .iter()
                .filter_map(|(w, &bits)| Some((short_key(w)?, bits)))
                .collect();
            WordLists { short, all }
        })
    }

    /// The bits of the lists holding a lowercase word (0 for a word in none): each
    /// token's, once, in [`Token::lists`].
    pub(crate) fn of(&self, lower: &str) -> u32 {
        match short_key(lower) {
            Some(key) => self.short.get(&key).copied().unwrap_or(0),
            None => self.all.get(lower).copied().unwrap_or(0),
        }
    }

    /// [`WordLists::of`] the word `lower[start..end]` of a lowercased text: a short word's
    /// key read as one 8-byte load where the text goes on that far (most words), not a byte
    /// at a time, and looked up here, without a call.
    #[inline]
    pub(crate) fn of_at(&self, lower: &str, start: usize, end: usize) -> u32 {
        let len = end - start;
        if len <= 7 {
            if let Some(eight) = lower.as_bytes().get(start..start + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(eight);
                // The word's bytes, the rest masked off; its length in the top byte: the
                // key of `short_key`.
                let mask = (1u64 << (8 * len)) - 1;
                let key = (u64::from_le_bytes(word) & mask) | ((len as u64) << 56);
                return self.short.get(&key).copied().unwrap_or(0);
            }
        }
        self.of(&lower[start..end])
    }
}

/// A word of at most seven bytes as one number: its bytes, and its length in the top byte
/// (so no two words share one).
fn short_key(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 7 {
        return None;
    }
    let mut key = (bytes.len() as u64) << 56;
    for (k, &b) in bytes.iter().enumerate() {
        key |= u64::from(b) << (8 * k);
    }
    Some(key)
}

/// For every word in a list above, the bits of the lists holding it.
fn word_lists() -> &'static FxHashMap<&'static str, u32> {
    static LISTS: OnceLock<FxHashMap<&'static str, u32>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let lex = lexicon();
        let mut map: FxHashMap<&'static str, u32> = FxHashMap::default();
        let sets: [(&'static WordSet, u32); 16] = [
            (&lex.stopwords, STOPWORD),
            (&lex.titles, TITLE),
            (&lex.honorifics, HONORIFIC),
            (&lex.nationalities, NATIONALITY),
            (&lex.places, PLACE),
            (&lex.orgs, ORG),
            (&lex.group_nouns, GROUP_NOUN),
            (&lex.org_suffixes, ORG_SUFFIX),
            (&lex.org_heads, ORG_HEAD),
            (&lex.common_caps, COMMON_CAPS),
            (&lex.quantifiers, QUANTIFIER),
            (&lex.phrase_starts, PHRASE_START),
            (&lex.male_names, FIRST_NAME),
            (&lex.female_names, FIRST_NAME),
            (&lex.given_male, FIRST_NAME),
            (&lex.given_female, FIRST_NAME),
        ];
        for (set, bit) in sets {
            for w in set {
                *map.entry(w.as_str()).or_default() |= bit;
            }
        }
        let consts: [(&[&'static str], u32); 4] = [
            (ROLE_MODIFIERS, ROLE_MODIFIER),
            (GROUP_MODIFIERS, GROUP_MODIFIER),
            (DETERMINERS, DETERMINER),
            (PARTICLES, PARTICLE),
        ];
        for (words, bit) in consts {
            for w in words {
                *map.entry(w).or_default() |= bit;
            }
        }
        for w in lex.cue_starts() {
            *map.entry(w).or_default() |= CUE_START;
        }
        for w in crate::nlp::attribution::lead_shape_words() {
            *map.entry(w).or_default() |= LEAD_SHAPE;
        }
        for (words, bit) in crate::nlp::attribution::LISTED_WORDS {
            for w in words {
                *map.entry(w).or_default() |= bit;
            }
        }
        map
    })
}

/// Finds the mentions of a text, in text order, non-overlapping.
pub fn find_mentions(text: &str, toks: &[Token], sentences: &[Span]) -> Vec<Mention> {
    let scan = Scan::new(text, toks, sentences);
    let mut out = Vec::new();
    for range in scan.ranges.iter().cloned() {
        let mut i = range.start;
        while i < range.end {
            if !scan.may_open_mention(i) {
                i += 1;
                continue;
            }
            match scan.mention_at(i, range.start, range.end) {
                Some((next, m)) => {
                    out.push(m);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
    }
    companies_named_short(text, &mut out);
    out
}

/// "General Motors Corp said … General Motors said": a post's word and a name, as written,
/// that open the name of an organisation the article names are that organisation, not a
/// general called Motors. Nothing in the two words alone tells them apart.
fn companies_named_short(text: &str, mentions: &mut [Mention]) {
    // Most articles have no such person: find them first, and only then the organisations.
    let candidates: Vec<usize> = (0..mentions.len())
        .filter(|&i| {
            let m = &mentions[i];
            let Some(role) = m.role.as_deref().filter(|r| !r.contains(' ')) else {
                return false;
            };
            let written = m.span.text(text);
            m.kind == EntityKind::Person
                && written.strip_prefix(role).and_then(|r| r.strip_prefix(' '))
                    == Some(m.name.as_str())
        })
        .collect();
    for i in candidates {
        let written = mentions[i].span.text(text);
        let org = mentions.iter().find(|o| {
            o.kind == EntityKind::Organisation
                && o.name
                    .strip_prefix(written)
                    .is_some_and(|rest| rest.starts_with(' '))
        });
        if let Some(name) = org.map(|o| o.name.clone()) {
            let m = &mut mentions[i];
            m.name = name;
            m.kind = EntityKind::Organisation;
            m.role = None;
        }
    }
}

/// The state of one article's scan.
struct Scan<'a> {
    text: &'a str,
    toks: &'a [Token<'a>],
    lex: &'static Lexicon,
    /// The token index range of each sentence.
    ranges: Vec<Range<usize>>,
    /// Lowercase words the article capitalises somewhere other than a sentence start
    /// (made once asked for [`SCANS_BEFORE_SET`] times: most articles ask a few times or
    /// never, and a look through the tokens answers that for less).
    mid_caps: OnceCell<FxHashSet<&'a str>>,
    /// Words the article writes in lowercase somewhere: common words, not names (made as
    /// `mid_caps` is).
    lower_words: OnceCell<FxHashSet<&'a str>>,
    /// Questions to `mid_caps` and `lower_words` answered so far by looking through the
    /// tokens.
    scans: Cell<u32>,
}

/// How many times an article's word sets are answered by looking through its tokens
/// before they are made: making one hashes every word (about a hundred instructions a
/// token), a look compares lengths (a few), and most articles ask only a few times; a
/// long article that asks often still makes them once.
const SCANS_BEFORE_SET: u32 = 8;

impl<'a> Scan<'a> {
    fn new(text: &'a str, toks: &'a [Token<'a>], sentences: &[Span]) -> Self {
        Scan {
            text,
            toks,
            lex: lexicon(),
            ranges: sentence_ranges(toks, sentences),
            mid_caps: OnceCell::new(),
            lower_words: OnceCell::new(),
            scans: Cell::new(0),
        }
    }

    /// Whether the article capitalises `w` (lowercase) somewhere other than a sentence
    /// start or just after an opening quote.
    fn mid_cap(&self, w: &str) -> bool {
        if self.use_set(&self.mid_caps) {
            let set = self
                .mid_caps
                .get_or_init(|| self.word_set(|i| self.is_mid_cap(i)));
            return set.contains(w);
        }
        // The capital first: most tokens have none, and it is a load where the word is a
        // compare of bytes.
        (0..self.toks.len())
            .any(|i| self.toks[i].cap && self.toks[i].lower() == w && self.is_mid_cap(i))
    }

    /// Whether the article writes `w` in lowercase somewhere.
    fn lower_word(&self, w: &str) -> bool {
        if self.use_set(&self.lower_words) {
            let set = self
                .lower_words
                .get_or_init(|| self.word_set(|i| Self::is_lower_word(&self.toks[i])));
            return set.contains(w);
        }
        self.toks
            .iter()
            .any(|t| t.lower() == w && Self::is_lower_word(t))
    }

    /// Whether to answer from `set`: it is made, or the tokens have been looked through
    /// [`SCANS_BEFORE_SET`] times already. Otherwise counts one more look.
    fn use_set(&self, set: &OnceCell<FxHashSet<&'a str>>) -> bool {
        if set.get().is_some() || self.scans.get() >= SCANS_BEFORE_SET {
            return true;
        }
        self.scans.set(self.scans.get() + 1);
        false
    }

    /// The lowercase forms of the tokens that `keep` holds.
    fn word_set(&self, keep: impl Fn(usize) -> bool) -> FxHashSet<&'a str> {
        // Sized once: growing it rehashed every word again.
        let mut set = FxHashSet::with_capacity_and_hasher(self.toks.len(), Default::default());
        let toks = self.toks;
        set.extend(
            (0..toks.len())
                .filter(|&i| keep(i))
                .map(|i| toks[i].lower()),
        );
        set
    }

    /// Token `i` is capitalised other than at a sentence start or after an opening quote.
    fn is_mid_cap(&self, i: usize) -> bool {
        self.toks[i].cap
            && self.ranges.binary_search_by_key(&i, |r| r.start).is_err()
            && !after_quote(self.toks, i)
    }

    fn is_lower_word(t: &Token) -> bool {
        t.kind == TokenKind::Word && !t.cap
    }

    /// Whether a mention can start at token `i`, read from the token alone: every shape
    /// below opens with a capitalised word, or with a word of one of the lists it skips or
    /// reads before one (a determiner, honorific, title, quantifier, group modifier or
    /// noun), or with a possessive before a role. Most tokens do neither, and trying the
    /// shapes at each of them was most of the scan's time.
    fn may_open_mention(&self, i: usize) -> bool {
        const OPENERS: u32 =
            DETERMINER | HONORIFIC | TITLE | QUANTIFIER | GROUP_MODIFIER | GROUP_NOUN;
        self.toks
            .get(i)
            .is_some_and(|t| t.cap || t.lists & OPENERS != 0 || opens_role_only(t.lower()))
    }

    fn mention_at(&self, i: usize, s_start: usize, end: usize) -> Option<(usize, Mention)> {
        self.person_at(i, s_start, end)
            .or_else(|| self.org_at(i, end))
            .or_else(|| self.group_at(i, end))
            .or_else(|| self.role_only_at(i, s_start, end))
            .or_else(|| self.place_at(i, end))
    }

    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower())
    }

    /// Whether token `i` is in any of the lists `bits` names (none past the end).
    fn is(&self, i: usize, bits: u32) -> bool {
        self.toks.get(i).is_some_and(|t| t.lists & bits != 0)
    }

    fn span(&self, from: usize, to: usize) -> Span {
        Span::new(self.toks[from].span.start, self.toks[to - 1].span.end)
    }

    /// The words of a token range as one line: a name or role broken across a paragraph
    /// ("U.S.\n\nSecretary of State") reads as "U.S. Secretary of State".
    fn text_of(&self, from: usize, to: usize) -> String {
        let raw = self.span(from, to).text(self.text);
        // Nearly always already one line with single spaces: then it is the text as it is.
        if is_plain(raw) {
            return raw.to_string();
        }
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The longest phrase of 1–3 words at `i` found in `set` (whose bit is `bit`); its
    /// length.
    fn phrase_in(&self, set: &WordSet, bit: u32, i: usize, end: usize) -> Option<usize> {
        self.toks.get(i).filter(|t| t.is_word())?;
        // Only words that start a multi-word entry need the (allocating) phrase lookups.
        let longer = self.is(i, PHRASE_START).then(|| {
            (2..=3usize).rev().find(|&n| {
                i + n <= end
                    && self.toks[i..i + n].iter().all(Token::is_word)
                    && set.contains(&join_lower(&self.toks[i..i + n]))
            })
        });
        longer.flatten().or_else(|| self.is(i, bit).then_some(1))
    }

    fn skip_det(&self, i: usize, end: usize) -> usize {
        if i < end && self.is(i, DETERMINER) {
            i + 1
        } else {
            i
        }
    }

    fn make(&self, span_from: usize, to: usize, name: String, kind: EntityKind) -> Mention {
        Mention {
            span: self.span(span_from, to),
            name,
            kind,
            role: None,
        }
    }

    /// "The Kremlin", "NATO", "the Justice Department", "the Trump campaign", "DNC".
    fn org_at(&self, i: usize, end: usize) -> Option<(usize, Mention)> {
        let mut j = self.skip_det(i, end);
        // "Several Harbour Authority officials": the quantifier is no part of the name.
        while j + 1 < end && self.is(j, QUANTIFIER) {
            j += 1;
        }
        // "As The Washington Post reported": a grammar word opens no name.
        let t = self
            .toks
            .get(j)
            .filter(|t| t.cap && t.is_word() && !self.is(j, STOPWORD))?;
        if let Some(n) = self.phrase_in(&self.lex.orgs, ORG, j, end) {
            // "The Senate Foreign Relations Committee": a known organisation opening a
            // capitalised run that ends in an organisation word names that one whole.
            // With its complement: "the House Select Committee on Benghazi".
            let (_, run) = self.capitalised_run(j, end);
            if run > j + n && self.is(run - 1, ORG_SUFFIX) {
                let to = self.org_complement(j, run, end).unwrap_or(run);
                let m = self.make(i, to, self.text_of(j, to), EntityKind::Organisation);
                return Some((to, m));
            }
            // "House Republicans", "Kremlin officials": the group the organisation's
            // name qualifies (read by `group_at`).
            if j + n < end && self.is(j + n, GROUP_NOUN) {
                return None;
            }
            if !self.continues_name(j + n, end) {
                let m = self.make(i, j + n, self.text_of(j, j + n), EntityKind::Organisation);
                return Some((j + n, m));
            }
        }
        // A run of capitalised words ending in an organisation word. "and", "&" or a
        // possessive may join two of its words when the whole run ends in one: "Securities
        // and Exchange Commission", "Standard and Poor's Corp", "Procter & Gamble Co".
        let (joined, plain) = self.capitalised_run(j, end);
        if joined > plain && self.is(joined - 1, ORG_SUFFIX) {
            let m = self.make(i, joined, self.text_of(j, joined), EntityKind::Organisation);
            return Some((joined, m));
        }
        let k = plain;
        if let Some(to) = self.org_complement(j, k, end) {
            let m = self.make(i, to, self.text_of(j, to), EntityKind::Organisation);
            return Some((to, m));
        }
        let lower_suffix = k < end && matches!(self.word(k), "campaign" | "administration");
        let last = if lower_suffix { k } else { k.saturating_sub(1) };
        let run_ok = last > j || (lower_suffix && k > j);
        if run_ok && self.is(last, ORG_SUFFIX) {
            let m = self.make(
                i,
                last + 1,
                self.text_of(j, last + 1),
                EntityKind::Organisation,
            );
            return Some((last + 1, m));
        }
        if k == j + 2 && self.is_peoples_brand(j) {
            let m = self.make(i, k, self.text_of(j, k), EntityKind::Organisation);
            return Some((k, m));
        }
        let acronym = t.all_caps
            && !t.lower().contains('.')
            && (2..=5).contains(&t.lower().len())
            && !self.is(j, COMMON_CAPS)
            && self.phrase_in(&self.lex.places, PLACE, j, end).is_none();
        if acronym && !self.is_title_word(j) && !self.continues_name(j + 1, end) {
            return Some((
                j + 1,
                self.make(i, j + 1, self.text_of(j, j + 1), EntityKind::Organisation),
            ));
        }
        None
    }

    /// The capitalised run of words from `j`: its end with "and" or "&" joining capitalised
    /// words, and its end without them. A possessive joins only after such a join ("Standard
    /// and Poor's Corp"): "Russia's Foreign Ministry" is the ministry of a country.
    fn capitalised_run(&self, j: usize, end: usize) -> (usize, usize) {
        let word_at = |k: usize| k < end && self.toks[k].cap && self.toks[k].is_word();
        let mut k = j;
        let mut plain = None;
        while k < end {
            let joins = match self.word(k) {
                // "Lac Minerals Ltd and Cambior Inc" are two companies.
                "and" | "&" => k > j && !self.is(k - 1, ORG_SUFFIX),
                "'s" | "’s" => plain.is_some() || self.possessive_company(j, k, end),
                _ => false,
            };
            if word_at(k) {
                k += 1;
            } else if joins && word_at(k + 1) {
                plain.get_or_insert(k);
                k += 1;
            } else {
                break;
            }
        }
        (k, plain.unwrap_or(k))
    }

    /// Whether the possessive at `k`, after the one word at `j`, is inside a company's name:
    /// capitalised words after it end in a legal suffix ("Moody's Investors Service Inc"),
    /// and the word before it names no place, people or known organisation, whose company
    /// it would be ("Britain's Midland Bank Plc", "Japan's Mitsubishi Corp").
    fn possessive_company(&self, j: usize, k: usize, end: usize) -> bool {
        let word_at = |x: usize| x < end && self.toks[x].cap && self.toks[x].is_word();
        let mut to = k + 1;
        while word_at(to) {
            to += 1;
        }
        // "Codelco's U.K. Subsidiary Chile Copper Ltd": a place after it starts another name.
        let affiliated = || (k + 1..to).any(|x| self.is(x, PLACE | NATIONALITY));
        k == j + 1
            && to > k + 1
            && self.lex.is_legal_suffix(self.word(to - 1))
            && !self.is(j, PLACE | NATIONALITY | ORG | ORG_SUFFIX)
            && !affiliated()
    }

    /// "Western Journalism", "American Airlines", "British Airways": a people's adjective
    /// before one capitalised word that is no first name and in no word list names an
    /// organisation, not a person called "Journalism". A party's adjective does not:
    /// "Republican Trump" is a person.
    fn is_peoples_brand(&self, j: usize) -> bool {
        let party = matches!(
            self.word(j),
            "republican" | "democratic" | "democrat" | "gop"
        );
        self.is(j, NATIONALITY)
            && !party
            && self.toks[j].cap
            && self.is_name_word(j + 1)
            && !self.is(j + 1, FIRST_NAME | ORG_HEAD | QUANTIFIER | CUE_START)
    }

    /// The end of an organisation named "ORG-WORD connector [the] Capitalised Words", where
    /// `[j, k)` is the capitalised run ending in the organisation word: "Committee to
    /// Protect Journalists", "Center for American Progress", "Council on Foreign
    /// Relations", "Citizens for Responsibility and Ethics". A complement that is a known
    /// place or organisation is another phrase ("the Justice Department to Congress"),
    /// except after "of" ("Bank of England"); after "to" it needs two words ("to Protect
    /// Journalists"), since "to X" is more often a destination.
    fn org_complement(&self, j: usize, k: usize, end: usize) -> Option<usize> {
        let head = k.checked_sub(1).filter(|&h| h >= j)?;
        let opens = self.is(head, ORG_SUFFIX | ORG_HEAD);
        let connector = self.word(k);
        if !opens || !ORG_CONNECTORS.contains(&connector) || self.toks[k].cap {
            return None;
        }
        let first = if self.word(k + 1) == "the" {
            k + 2
        } else {
            k + 1
        };
        if connector != "of"
            && (self
                .phrase_in(&self.lex.places, PLACE, first, end)
                .is_some()
                || self.phrase_in(&self.lex.orgs, ORG, first, end).is_some())
        {
            return None;
        }
        let mut to = None;
        let mut p = first;
        loop {
            let words_from = p;
            while p < end && self.is_org_word(p) {
                p += 1;
            }
            if p == words_from {
                break;
            }
            to = Some(p);
            match self.word(p) {
                "and" | "of" | "for" if p + 1 < end => p += 1,
                _ => break,
            }
            if self.word(p) == "the" {
                p += 1;
            }
            // "… University of Chicago and Professor Knittel": a second name, not more of
            // this one.
            if self.is(p, FIRST_NAME) || self.is_title_word(p) {
                break;
            }
        }
        to.filter(|&to| connector != "to" || to - first >= 2)
    }

    /// A capitalised word that can sit in an organisation's name: not a day or month, not
    /// a grammar word.
    fn is_org_word(&self, p: usize) -> bool {
        let t = &self.toks[p];
        t.cap
            && t.is_word()
            && !self.is(p, STOPWORD | HONORIFIC)
            && !crate::nlp::time::is_calendar_name(t.lower())
    }

    /// Whether token `k` continues a capitalised name (so a lexicon hit is only its start).
    fn continues_name(&self, k: usize, end: usize) -> bool {
        k < end && self.is_name_word(k) && !self.is_title_word(k)
    }

    fn is_title_word(&self, i: usize) -> bool {
        self.is(i, TITLE)
            && (!NAME_OPENING_MODIFIERS.contains(&self.word(i)) || self.is_title_word(i + 1))
    }

    fn is_head_title(&self, i: usize) -> bool {
        self.is_title_word(i) && !self.is(i, ROLE_MODIFIER)
    }

    /// A capitalised word that can be part of a personal name.
    fn is_name_word(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        if t.kind != TokenKind::Word || !t.cap {
            return false;
        }
        let w = t.lower();
        let initial = w.len() == 2 && w.ends_with('.');
        if initial {
            return true;
        }
        let shaped = w
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        let long_caps = t.all_caps && w.chars().count() > 1;
        // "I’m", "We’re" (stop words): capitalised at a sentence's start, never a name.
        let not_a_name = COMMON_CAPS
            | STOPWORD
            | HONORIFIC
            | NATIONALITY
            | PLACE
            | ORG
            | GROUP_NOUN
            | ORG_SUFFIX;
        shaped && !long_caps && !self.is(i, not_a_name) && !self.is_title_word(i)
    }

    /// Role words before a name: titles, nationalities, places, organisations, and the
    /// connectors of "Secretary of State" or "Ambassador to the United Nations". Returns the
    /// end of the role words and whether they hold a head title.
    fn role_words(&self, i: usize, end: usize) -> (usize, bool) {
        let mut j = i;
        let mut head = false;
        let mut last_ok = i;
        while j < end {
            let t = &self.toks[j];
            if self.is_title_word(j) && (t.cap || self.toks[j].is_word()) {
                head |= self.is_head_title(j);
                j += 1;
                last_ok = j;
            } else if let Some(n) = self.affiliation_at(j, end) {
                j += n;
                last_ok = j;
            } else if matches!(self.word(j), "of" | "for" | "to" | "the")
                && j > i
                && !self.speaks_for_another(j - 1)
            {
                j += 1;
            } else if t.lower() == "'s" && j > i {
                // "the country's president", "Trump's campaign manager"
                j += 1;
            } else {
                break;
            }
        }
        (last_ok, head)
    }

    /// Whether the role word at `j` is one held for someone else, so that a "for", "to" or
    /// "of" after it names whom it serves, not more of a title: "a spokesman for Senator
    /// Robert Dole", "an aide to President Reagan" (against "Secretary of State George
    /// Shultz").
    fn speaks_for_another(&self, j: usize) -> bool {
        RELATIONAL_ROLES.contains(&self.word(j))
    }

    /// A capitalised nationality, place or organisation at `j`: its length.
    fn affiliation_at(&self, j: usize, end: usize) -> Option<usize> {
        if !self.toks.get(j).is_some_and(|t| t.cap) {
            return None;
        }
        self.phrase_in(&self.lex.nationalities, NATIONALITY, j, end)
            .or_else(|| self.phrase_in(&self.lex.places, PLACE, j, end))
            .or_else(|| self.phrase_in(&self.lex.orgs, ORG, j, end))
            .or_else(|| {
                let t = &self.toks[j];
                (t.all_caps && !t.lower().contains('.') && t.lower().len() <= 5).then_some(1)
            })
    }

    /// The end of a personal name starting at `j`, if one does.
    fn name_end(&self, j: usize, end: usize) -> Option<usize> {
        if matches!(
            self.word(j),
            "said" | "says" | "added" | "asked" | "wrote" | "told"
        ) {
            // "Said Comey, “…”": a fronted verb of saying, not a first name.
            return None;
        }
        // "Stated Stone: “…”", "Continued Kessler, “…”": any past tense of a cue opening
        // its clause, before a name and a quote, is one too ("Planned Parenthood said" is
        // a name).
        let opens = j == 0 || !self.toks[j - 1].is_word();
        if opens
            && self.word(j).ends_with("ed")
            && self.is(j, CUE_START)
            && !self.is(j, FIRST_NAME)
            && self.is_name_word(j + 1)
        {
            let after = (j + 2..j + 5)
                .find(|&k| !self.is_name_word(k))
                .unwrap_or(j + 5);
            let quote_next = self.toks.get(after + 1).is_some_and(Token::is_quote);
            if matches!(self.word(after), ":" | ",") && quote_next {
                return None;
            }
        }
        if matches!(
            self.word(j),
            "should" | "would" | "could" | "must" | "shall" | "might"
        ) {
            // "Should Texaco fail to place the bond, …": an inverted modal, never a name
            // ("Will", "May" and "Can" are first names too).
            return None;
        }
        let opens_clause = j == 0 || !self.toks[j - 1].is_word();
        if opens_clause && self.speaks_at(j + 1) && self.month_as_name(j) {
            // "“…,” May said": a month never speaks, so opening a clause before a verb of
            // saying its name is a person's ("a poll in June found" is a date).
            return Some(j + 1);
        }
        // "Carson Calls Out Ted Cruz": a headline's verb opens no name ("Hope Hicks" does).
        // Only the present tense: "Planned Parenthood" is a name.
        let headline_verb = self.is_title_case_verb(j) && self.word(j).ends_with('s');
        if headline_verb && !self.is(j, FIRST_NAME) {
            return None;
        }
        let mut k = j;
        while k < end {
            if k > j && self.is_title_case_verb(k) {
                break;
            }
            let particle = k > j && self.is(k, PARTICLE) && self.is_name_word(k + 1);
            if self.is_name_word(k) || particle {
                k += 1;
            } else if k > j && self.nickname_at(k) {
                // "John “Tig” Tiegen": the quoted nickname is part of the name.
                k += 3;
            } else if k == j + 1
                && self.is(j, FIRST_NAME)
                && self.month_as_name(k)
                && self
                    .toks
                    .get(k + 1)
                    .is_none_or(|t| t.kind != TokenKind::Number)
            {
                // "Theresa May said": a first name, then a month's name as surname (not
                // "told Bill May 5").
                k += 1;
                break;
            } else if k == j + 1 && self.title_as_surname(j, k, end) {
                // "Howard Dean", "John Major": a first name, then a post's word as surname.
                k += 1;
                break;
            } else if k > j && matches!(self.word(k), "jr." | "sr." | "jr" | "sr" | "ii" | "iii") {
                k += 1;
                break;
            } else {
                break;
            }
        }
        let has_full_word = (j..k).any(|x| !self.word(x).ends_with('.'));
        (k > j && has_full_word).then_some(k)
    }

    /// A month's name, capitalised, written whole: a name where the text around says so.
    fn month_as_name(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| {
            t.cap && !t.all_caps && crate::nlp::time::is_full_month_name(t.lower())
        })
    }

    /// A verb of saying in the past or the third person at `k` ("said", "told", "argued",
    /// "says"): what a name, never a month, does.
    fn speaks_at(&self, k: usize) -> bool {
        let w = self.word(k);
        self.is(k, CUE_START)
            && !self.toks[k].cap
            && (w.ends_with("ed") || w.ends_with('s') || matches!(w, "said" | "told" | "wrote"))
    }

    /// Whether the capitalised post word at `k` is the surname of the first name at `j`:
    /// no name or "of" follows it ("Howard Dean Tells …", "Howard Dean, the former
    /// governor"), where a post's word would open a role ("Hillary Secretary of State").
    fn title_as_surname(&self, j: usize, k: usize, end: usize) -> bool {
        let Some(t) = self.toks.get(k) else {
            return false;
        };
        let next_opens_more = k + 1 < end
            && (matches!(self.word(k + 1), "of" | "for" | "to")
                || (self.is_name_word(k + 1) && !self.is_title_case_verb(k + 1))
                || self.is_title_word(k + 1));
        self.is(j, FIRST_NAME)
            && t.cap
            && !t.all_caps
            && self.is(k, TITLE)
            && !self.is(k, FIRST_NAME | NATIONALITY | PLACE | ORG)
            && !next_opens_more
    }

    /// A quoted nickname at `k` between two words of a name: an opening quote, one
    /// capitalised word, a closing quote, and a name word after it.
    fn nickname_at(&self, k: usize) -> bool {
        let quote = |t: &Token, dir: QuoteDir| {
            matches!(t.kind, TokenKind::Quote(d) | TokenKind::SingleQuote(d)
                if d == dir || d == QuoteDir::Either)
        };
        let (Some(open), Some(nick), Some(close)) =
            (self.toks.get(k), self.toks.get(k + 1), self.toks.get(k + 2))
        else {
            return false;
        };
        quote(open, QuoteDir::Open)
            && open.span.end == nick.span.start
            && nick.is_word()
            && nick.cap
            && quote(close, QuoteDir::Close)
            && close.span.start == nick.span.end
            && self.is_name_word(k + 3)
    }

    /// A capitalised verb of speech in a headline ("Trump Says …"): not part of a name.
    fn is_title_case_verb(&self, k: usize) -> bool {
        let w = self.word(k);
        self.is(k, CUE_START)
            && (w.ends_with('s') || w.ends_with("ed") || matches!(w, "said" | "told" | "wrote"))
    }

    /// `[det] [honorific] role* Name+`.
    fn person_at(&self, i: usize, s_start: usize, end: usize) -> Option<(usize, Mention)> {
        let j0 = self.skip_det(i, end);
        let mut j = j0;
        while j < end && self.is(j, HONORIFIC) {
            j += 1;
        }
        let honorific = j > j0;
        let (role_end, head) = self.role_words(j, end);
        let name_start = if head || honorific { role_end } else { j };
        let known_place_or_org = self
            .phrase_in(&self.lex.places, PLACE, name_start, end)
            .or_else(|| self.phrase_in(&self.lex.orgs, ORG, name_start, end));
        if known_place_or_org.is_some() {
            return None;
        }
        let k = self.name_end(name_start, end)?;
        let name_start = if head || honorific {
            name_start
        } else {
            self.skip_opening_word(name_start, k, s_start)
        };
        if !head && !honorific && !self.plausible_bare_name(name_start, k, s_start, end) {
            return None;
        }
        // "The Brennan Center", "Kaiser Family Foundation": a name before a capitalised
        // organisation word names the organisation; so does one opening a capitalised run
        // that ends in one ("the New China News Agency", "the Securities and Exchange
        // Commission").
        let org_word_follows = self.toks.get(k).is_some_and(|t| t.cap) && self.is(k, ORG_SUFFIX);
        let (joined, plain) = self.capitalised_run(name_start, end);
        let run_names_org = |to: usize| to > k && self.is(to - 1, ORG_SUFFIX);
        if !head
            && !honorific
            && (org_word_follows || run_names_org(plain) || run_names_org(joined))
        {
            return None;
        }
        // "General Motors Corp", "a spokesman for the Taiwan Spinners Association": after a
        // post's words too, a name before a capitalised organisation word is the
        // organisation's, not a person's.
        if head && org_word_follows {
            return None;
        }
        let span_from = if head || honorific { i } else { name_start };
        let mut m = self.make(
            span_from,
            k,
            self.text_of(name_start, k),
            EntityKind::Person,
        );
        if head {
            let role_from = if j > j0 { j } else { j0 };
            m.role = Some(self.text_of(role_from, role_end));
        } else {
            m.role = self.apposition_role(k, end);
        }
        Some((k, m))
    }

    /// The role an apposition gives the name ending before `k`: "Tad Devine, a top adviser
    /// to Sanders, said" → "top adviser to Sanders"; "Jane Smith, 45, the party's chairman,"
    /// → "party's chairman". Its noun phrase must hold a title word before any preposition,
    /// and the apposition must close (a comma, or the sentence's end).
    fn apposition_role(&self, k: usize, end: usize) -> Option<String> {
        if self.word(k) != "," {
            return None;
        }
        let mut j = k + 1;
        // An age first: "Jane Smith, 45, a teacher".
        if self
            .toks
            .get(j)
            .is_some_and(|t| t.kind == TokenKind::Number)
            && self.word(j + 1) == ","
        {
            j += 2;
        }
        let from = if self.is(j, DETERMINER) { j + 1 } else { j };
        let limit = from + APPOSITION_MAX_WORDS;
        let close = (from..end.min(limit + 1))
            .find(|&i| !self.toks[i].is_word() && self.toks[i].lower() != "'s")
            .or((end <= limit).then_some(end))?;
        let closes = close == end || matches!(self.word(close), "," | "." | ";");
        if !closes || close <= from {
            return None;
        }
        let phrase_end = (from..close)
            .find(|&i| APPOSITION_PREPOSITIONS.contains(&self.word(i)))
            .unwrap_or(close);
        // Describing words, then the post ("who is an adviser" is a clause, not a role), and
        // nothing after it but more of its name ("the governor likes rallies" is a clause).
        let head = (from..phrase_end).find(|&i| self.is_head_title(i))?;
        let describing = (from..head).all(|i| !self.is(i, STOPWORD));
        let post = (head..phrase_end).all(|i| self.is_title_word(i) || self.toks[i].cap);
        (describing && post && phrase_end - from <= 5).then(|| self.text_of(from, close))
    }

    /// Where a capitalised run at a sentence's start really begins: "Like Donald Trump, …",
    /// "Neither John Kasich nor …", "Maybe Trump …" open with a word the article also writes
    /// in lowercase and that is no first name, before a name.
    ///
    /// Anywhere, a word the article writes in lowercase before a first name and a surname
    /// describes the person: "Like Donald Trump, …" mid-headline, "Billionaire Donald Trump".
    fn skip_opening_word(&self, from: usize, to: usize, s_start: usize) -> usize {
        if to - from < 2 {
            return from;
        }
        let at_start = from == s_start || after_quote(self.toks, from);
        let w = self.word(from);
        // "Despite George Will’s call", "After Trump won": a sentence's opening
        // preposition or subordinator, even one the article writes nowhere else.
        let lowercase_too =
            self.lower_word(w) || (at_start && crate::nlp::attribution::opens_adverbial(w));
        if !lowercase_too || self.is(from, FIRST_NAME) {
            return from;
        }
        let rest = self.word(from + 1);
        let before_full_name = self.is(from + 1, FIRST_NAME) && to - from >= 3;
        let before_name = before_full_name || self.mid_cap(rest);
        if before_full_name || (at_start && !self.mid_cap(w) && before_name) {
            from + 1
        } else {
            from
        }
    }

    /// A name with no title before it: at a sentence start (or after an opening quote) it
    /// must be known mid-sentence, be two words, or be followed by a cue verb.
    fn plausible_bare_name(&self, from: usize, to: usize, s_start: usize, end: usize) -> bool {
        let at_start = from == s_start || after_quote(self.toks, from);
        if !at_start || to - from >= 2 {
            return true;
        }
        // "Smith said" makes a name of a word seen only here; "Reports indicate" does not,
        // so a plural-looking word needs the mid-sentence evidence.
        let w = self.word(from);
        let plural = w.ends_with('s') && !w.ends_with("ss");
        self.mid_cap(w) || (!plural && to < end && self.is(to, CUE_START))
    }

    /// `[det] (affiliation|modifier)* group-noun`.
    fn group_at(&self, i: usize, end: usize) -> Option<(usize, Mention)> {
        let j = self.skip_det(i, end);
        let mut k = j;
        let mut affiliated = false;
        while k < end {
            if let Some(n) = self.affiliation_at(k, end) {
                affiliated = true;
                k += n;
            } else if self.is(k, GROUP_MODIFIER) {
                k += 1;
            } else {
                break;
            }
        }
        let noun = self.toks.get(k).filter(|_| k < end)?;
        if !self.is(k, GROUP_NOUN) {
            return None;
        }
        // A bare lowercase group noun is too vague to be a mention on its own
        // ("people"); capitalised ones ("Republicans") or qualified ones are kept.
        if !affiliated && k == j && !noun.cap {
            return None;
        }
        // The name leaves out quantifiers: "many European leaders" is "European leaders".
        let mut name_from = j;
        while name_from < k && self.is(name_from, QUANTIFIER) {
            name_from += 1;
        }
        let m = self.make(i, k + 1, self.text_of(name_from, k + 1), EntityKind::Group);
        Some((k + 1, m))
    }

    /// `det modifier* title [for|of det? word]`: a person named only by a role.
    fn role_only_at(&self, i: usize, s_start: usize, end: usize) -> Option<(usize, Mention)> {
        if !opens_role_only(self.word(i)) {
            return None;
        }
        let mut k = i + 1;
        while k < end && (self.affiliation_at(k, end).is_some() || self.is(k, ROLE_MODIFIER)) {
            k += self.affiliation_at(k, end).unwrap_or(1);
        }
        if !(k < end && self.is_head_title(k) && self.toks[k].is_word()) {
            return None;
        }
        let mut stop = k + 1;
        // A compound role goes on over further role words: "the chief executive", "the
        // chief financial officer", "the press secretary".
        while stop < end && self.toks[stop].is_word() {
            if self.is_head_title(stop) {
                stop += 1;
            } else if self.is(stop, ROLE_MODIFIER) && stop + 1 < end && self.is_head_title(stop + 1)
            {
                stop += 2;
            } else {
                break;
            }
        }
        let connector = match self.word(stop) {
            "for" | "of" => true,
            "to" => self.speaks_for_another(k),
            _ => false,
        };
        if connector {
            let obj = self.skip_det(stop + 1, end);
            if obj < end && self.toks[obj].is_word() && !self.is(obj, CUE_START) {
                // The whole organisation or place: "a spokesman for the Bank of England",
                // "… for the Trump campaign", not its first word; the whole person served:
                // "an aide to Senator John Smith", "a lawyer for Mr. Trump".
                // An unknown capitalised name is read whole: "a spokesman for Suiker Unie".
                let named = self
                    .org_at(stop + 1, end)
                    .or_else(|| self.place_at(stop + 1, end))
                    .map(|(to, _)| to);
                let mut run = obj;
                while run < end && self.is_org_word(run) {
                    run += 1;
                }
                let served = self
                    .speaks_for_another(k)
                    .then(|| self.person_at(stop + 1, s_start, end))
                    .flatten()
                    .map_or(0, |(to, _)| to);
                stop = named.unwrap_or(run.max(obj + 1).max(served));
            }
        }
        let name = self.text_of(i + 1, stop);
        let mut m = self.make(i, stop, name.clone(), EntityKind::Person);
        m.role = Some(name);
        Some((stop, m))
    }

    /// "Ukraine", "the United States".
    fn place_at(&self, i: usize, end: usize) -> Option<(usize, Mention)> {
        let j = self.skip_det(i, end);
        if !self.toks.get(j).is_some_and(|t| t.cap) {
            return None;
        }
        let n = self.phrase_in(&self.lex.places, PLACE, j, end)?;
        if self.continues_name(j + n, end) || self.is_title_word(j + n) {
            return None;
        }
        Some((
            j + n,
            self.make(i, j + n, self.text_of(j, j + n), EntityKind::Place),
        ))
    }
}

/// The words a person named only by a role opens with: "the", "a", "an", a possessive.
fn opens_role_only(w: &str) -> bool {
    matches!(w, "the" | "a" | "an" | "his" | "her" | "their" | "its")
}

/// Whether token `i` directly follows an opening quote mark.
fn after_quote(toks: &[Token], i: usize) -> bool {
    i > 0 && toks[i - 1].is_quote()
}

/// Whether `raw` is ASCII on one line with single spaces (no two in a row, no tab or line
/// break), read in one pass: a searcher for two spaces was set up for every mention.
fn is_plain(raw: &str) -> bool {
    let mut after_space = false;
    raw.bytes().all(|b| {
        let space = b == b' ';
        let plain = b.is_ascii()
            && !(space && after_space)
            && !matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        after_space = space;
        plain
    })
}

fn join_lower(toks: &[Token]) -> String {
    let words: Vec<&str> = toks.iter().map(|t| t.lower()).collect();
    words.join(" ")
}

/// Whether a mention names someone only by role ("the president"): coreference resolves
/// it rather than making an entity of it.
pub fn is_role_only(m: &Mention) -> bool {
    m.kind == EntityKind::Person && m.role.as_deref() == Some(m.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::{sentences, tokens};

    #[test]
    fn plain_text_is_ascii_on_one_line_with_single_spaces() {
        for raw in [
            "",
            "Joe Biden",
            "Joe  Biden",
            "Joe\tBiden",
            "Joe\nBiden",
            "Joe Biden ",
            "José Biden",
            " ",
            "  ",
            "a\rb",
            "a\x0bb",
            "a\x0cb",
            "U.S. Army",
        ] {
            let want = raw.is_ascii()
                && !raw.contains("  ")
                && !raw
                    .bytes()
                    .any(|b| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'));
            assert_eq!(is_plain(raw), want, "{raw:?}");
        }
    }

    fn mentions(text: &str) -> Vec<(String, EntityKind, Option<String>, String)> {
        let mut lower = String::new();
        let toks = tokens::tokenize(text, &mut lower);
        let sents = sentences::split_tokens(&toks);
        find_mentions(text, &toks, &sents)
            .into_iter()
            .map(|m| (m.name, m.kind, m.role, m.span.text(text).to_string()))
            .collect()
    }

    fn has(text: &str, name: &str, kind: EntityKind, role: Option<&str>, span: &str) {
        let ms = mentions(text);
        let want = (
            name.to_string(),
            kind,
            role.map(str::to_string),
            span.to_string(),
        );
        assert!(ms.contains(&want), "{text:?}: no {want:?} in {ms:?}");
    }

    /// `Scan::may_open_mention` only skips tokens where no shape finds a mention: checked
    /// at every token of the sample articles and the extraction tables.
    #[test]
    fn short_words_have_the_lists_of_the_word_table() {
        for (w, &bits) in word_lists() {
            assert_eq!(WordLists::get().of(w), bits, "{w}");
        }
        let text = include_str!("../corpus/sample/wikinews.jsonl");
        for t in tokens::tokenize(text, &mut String::new()) {
            let bits = word_lists().get(t.lower()).copied().unwrap_or(0);
            assert_eq!(WordLists::get().of(t.lower()), bits, "{}", t.lower());
        }
        for w in ["", "a", "the", "mr.", "1987", "president", "\0", "é"] {
            let bits = word_lists().get(w).copied().unwrap_or(0);
            assert_eq!(WordLists::get().of(w), bits, "{w}");
        }
    }

    /// The word sets answer as the looks through the tokens that come before them, for
    /// every word of the sample articles and extraction tables and some words they lack.
    /// A word's bits read in place in a text ([`WordLists::of_at`]: a short word by one
    /// load) are the word's own, with the text going on after it or ending with it.
    #[test]
    fn a_words_bits_in_place_are_its_own() {
        let lists = WordLists::get();
        let mut words: Vec<&str> = word_lists().keys().copied().collect();
        words.extend(["", "x", "zzzzzzz", "zzzzzzzz", "said,", "1987"]);
        for w in words {
            for text in [format!("{w} and the rest"), w.to_string(), format!("{w}.")] {
                assert_eq!(lists.of_at(&text, 0, w.len()), lists.of(w), "{text:?}");
            }
            let text = format!("the {w}");
            assert_eq!(lists.of_at(&text, 4, text.len()), lists.of(w), "{text:?}");
        }
    }

    #[test]
    fn the_word_sets_answer_as_a_look_through_the_tokens() {
        let texts = [
            include_str!("../corpus/sample/seed-article.txt"),
            include_str!("../corpus/sample/wikinews.jsonl"),
            include_str!("../../tests/fixtures/extraction/direct.tsv"),
            "“Trump said so,” Trump said. Like the minister, Like said \"Like it\" here.",
        ];
        for text in texts {
            let mut lower = String::new();
            let toks = tokens::tokenize(text, &mut lower);
            let sents = sentences::split_tokens(&toks);
            let looks = Scan::new(text, &toks, &sents);
            let sets = Scan::new(text, &toks, &sents);
            sets.scans.set(SCANS_BEFORE_SET);
            let words = toks.iter().map(|t| t.lower());
            for w in words.chain(["", "absent", "like", "trump"]) {
                looks.scans.set(0);
                assert_eq!(looks.mid_cap(w), sets.mid_cap(w), "{w}");
                assert_eq!(looks.lower_word(w), sets.lower_word(w), "{w}");
            }
            assert!(looks.mid_caps.get().is_none() && looks.lower_words.get().is_none());
            assert!(sets.mid_caps.get().is_some() && sets.lower_words.get().is_some());
        }
    }

    #[test]
    fn skipped_tokens_open_no_mention() {
        let texts = crate::nlp::SAMPLE_TEXTS;
        let mut skipped = 0;
        for text in texts {
            let mut lower = String::new();
            let toks = tokens::tokenize(text, &mut lower);
            let sents = sentences::split_tokens(&toks);
            let scan = Scan::new(text, &toks, &sents);
            for range in &scan.ranges {
                for i in range.clone() {
                    if !scan.may_open_mention(i) {
                        skipped += 1;
                        let m = scan.mention_at(i, range.start, range.end);
                        assert!(m.is_none(), "{:?} at {:?}", m, toks[i].lower());
                    }
                }
            }
        }
        assert!(skipped > 10_000, "{skipped}");
    }

    #[test]
    fn mention_table() {
        use EntityKind::*;
        let p = Person;
        has(
            "Guns are bad, Howard Dean, the former governor of Vermont, said.",
            "Howard Dean",
            p,
            Some("former governor of Vermont"),
            "Howard Dean",
        );
        has(
            "We met U.S. Secretary of State Marco Rubio today.",
            "Marco Rubio",
            p,
            Some("U.S. Secretary of State"),
            "U.S. Secretary of State Marco Rubio",
        );
        has(
            "It was Russian President Vladimir Putin.",
            "Vladimir Putin",
            p,
            Some("Russian President"),
            "Russian President Vladimir Putin",
        );
        has(
            "Then NATO Secretary General Mark Rutte spoke.",
            "Mark Rutte",
            p,
            Some("NATO Secretary General"),
            "NATO Secretary General Mark Rutte",
        );
        has(
            "Then British Prime Minister Keir Starmer spoke.",
            "Keir Starmer",
            p,
            Some("British Prime Minister"),
            "British Prime Minister Keir Starmer",
        );
        has(
            "Then FBI Director James Comey spoke.",
            "James Comey",
            p,
            Some("FBI Director"),
            "FBI Director James Comey",
        );
        has(
            "The Kremlin echoed it.",
            "Kremlin",
            Organisation,
            None,
            "The Kremlin",
        );
        has(
            "Many European leaders worry.",
            "European leaders",
            Group,
            None,
            "Many European leaders",
        );
        has(
            "Now U.S. officials say so.",
            "U.S. officials",
            Group,
            None,
            "U.S. officials",
        );
        has(
            "Then a spokesperson for the campaign said so.",
            "spokesperson for the campaign",
            p,
            Some("spokesperson for the campaign"),
            "a spokesperson for the campaign",
        );
        has(
            "The Ukrainian leader faced pressure.",
            "Ukrainian leader",
            p,
            Some("Ukrainian leader"),
            "The Ukrainian leader",
        );
        has(
            "Later Mr. Trump’s aides left.",
            "Trump",
            p,
            None,
            "Mr. Trump",
        );
        has(
            "Then Donald J. Trump spoke.",
            "Donald J. Trump",
            p,
            None,
            "Donald J. Trump",
        );
    }

    #[test]
    fn an_apposition_gives_a_role() {
        use EntityKind::Person;
        for (text, name, role) in [
            (
                "Tad Devine, a top adviser to Sanders, said Monday that he would stay.",
                "Tad Devine",
                Some("top adviser to Sanders"),
            ),
            (
                "Jane Smith, 45, the party's chairman, said so.",
                "Jane Smith",
                Some("party's chairman"),
            ),
            (
                "The race is close, said Ann Selzer, a pollster at Quinnipiac.",
                "Ann Selzer",
                Some("pollster at Quinnipiac"),
            ),
            // Not a role: no post named, too long, or never closed.
            ("Tad Devine, a longtime friend of his, said so.", "Tad Devine", None),
            (
                "Tad Devine, an associate professor of political science and public policy at the University of Florida, said so.",
                "Tad Devine",
                None,
            ),
            ("Tad Devine, who is an adviser, said so.", "Tad Devine", None),
        ] {
            let span = name;
            has(text, name, Person, role, span);
        }
    }

    /// Organisations named "X for/to/on/of Y", and names before an organisation word.
    #[test]
    fn organisation_names_with_connectors() {
        let org = |text: &str, name: &str| {
            let ms = mentions(text);
            assert!(
                ms.iter()
                    .any(|m| m.0 == name && m.1 == EntityKind::Organisation),
                "{text:?}: no organisation {name:?} in {ms:?}"
            );
        };
        let rows = [
            (
                "The Committee to Protect Journalists said so.",
                "Committee to Protect Journalists",
            ),
            (
                "Americans for Prosperity said so.",
                "Americans for Prosperity",
            ),
            (
                "The Council on Foreign Relations said so.",
                "Council on Foreign Relations",
            ),
            (
                "Later the Center for Media and Public Affairs said so.",
                "Center for Media and Public Affairs",
            ),
            (
                "The Bureau of Labor Statistics said so.",
                "Bureau of Labor Statistics",
            ),
            // "and", "&" and then a possessive inside a name that ends in an organisation
            // word.
            (
                "The Securities and Exchange Commission said so.",
                "Securities and Exchange Commission",
            ),
            (
                "Standard and Poor's Corp said so.",
                "Standard and Poor's Corp",
            ),
            ("Procter & Gamble Co said so.", "Procter & Gamble Co"),
            (
                "Later the New China News Agency said so.",
                "New China News Agency",
            ),
            (
                "Later the Brennan Center for Justice said so.",
                "Brennan Center for Justice",
            ),
            (
                "Later the Kaiser Family Foundation said so.",
                "Kaiser Family Foundation",
            ),
            // The name stops before a second name (and, below, at a day or a destination).
            (
                "A study by the University of Chicago and Professor Ann Knittel said so.",
                "University of Chicago",
            ),
            // A people's adjective before a word that is no name.
            (
                "As reported by Western Journalism, the senator quit.",
                "Western Journalism",
            ),
            ("British Airways said so.", "British Airways"),
        ];
        for (text, name) in rows {
            org(text, name);
        }
        for (text, not) in [
            (
                "A letter from the Justice Department to Congress arrived.",
                "Justice Department to Congress",
            ),
            ("The Committee on Monday said so.", "Committee on Monday"),
            ("Later Republican Trump said so.", "Republican Trump"),
            ("Later Russian Sergei Lavrov said so.", "Russian Sergei"),
            (
                "The Election Commission to Iowa voters said so.",
                "Election Commission to Iowa",
            ),
            // A possessive joins only after "and": a country's ministry is the ministry's.
            (
                "Russia's Foreign Ministry said so.",
                "Russia's Foreign Ministry",
            ),
            // Two names joined by "and" with no organisation word stay two, and so do two
            // companies.
            ("Later Trump and Clinton said so.", "Trump and Clinton"),
            (
                "Lac Minerals Ltd and Cambior Inc said so.",
                "Lac Minerals Ltd and Cambior Inc",
            ),
        ] {
            assert!(
                mentions(text).iter().all(|m| m.0 != not),
                "{text:?} gave {not:?}"
            );
        }
    }

    #[test]
    fn a_common_word_before_a_name_is_not_part_of_it() {
        use EntityKind::Person;
        let text = "Like Donald Trump, the governor likes rallies. Despite Ted Cruz's win, \
                    the billionaire Donald Trump leads, despite polls. People like him, maybe. \
                    Billionaire Donald Trump spoke. Despite the rain, Yuval Noah Harari spoke. \
                    Mary Kay Henry spoke. Maybe Trump will win.";
        has(text, "Donald Trump", Person, None, "Donald Trump");
        has(text, "Ted Cruz", Person, None, "Ted Cruz");
        has(text, "Yuval Noah Harari", Person, None, "Yuval Noah Harari");
        has(text, "Mary Kay Henry", Person, None, "Mary Kay Henry");
        has(text, "Trump", Person, None, "Trump");
        let names: Vec<String> = mentions(text).into_iter().map(|m| m.0).collect();
        for junk in [
            "Like Donald Trump",
            "Despite Ted Cruz",
            "Billionaire Donald Trump",
            "Maybe Trump",
        ] {
            assert!(!names.iter().any(|n| n == junk), "{junk} in {names:?}");
        }
    }

    /// A sentence adverb the article never writes in lowercase, and a headline's verb,
    /// are no part of a name.
    #[test]
    fn an_adverb_or_a_headline_verb_opens_no_name() {
        let text = "Maybe Donald Trump is right. Well, Ted Cruz spoke. Ben Carson Calls Out \
                    Marco Rubio. Hope Hicks spoke. Planned Parenthood said so.";
        let names: Vec<String> = mentions(text).into_iter().map(|m| m.0).collect();
        for want in [
            "Donald Trump",
            "Ted Cruz",
            "Ben Carson",
            "Hope Hicks",
            "Planned Parenthood",
        ] {
            assert!(names.iter().any(|n| n == want), "no {want} in {names:?}");
        }
        for junk in [
            "Maybe Donald Trump",
            "Well",
            "Calls Out Marco Rubio",
            "Parenthood",
        ] {
            assert!(!names.iter().any(|n| n == junk), "{junk} in {names:?}");
        }
    }

    #[test]
    fn sentence_initial_common_words_are_not_people() {
        let ms = mentions("Reports indicate trouble. Following the talks, nothing.");
        assert!(ms.iter().all(|m| m.1 != EntityKind::Person), "{ms:?}");
        // A pronoun with its verb clipped on, at a sentence's or a quote's start.
        let ms = mentions("“I’m sure. We’re ready. I've said so,” they said.");
        assert!(ms.is_empty(), "{ms:?}");
    }
}
