//! Understanding text: sentences, mentions, attributions, coreference and time.
//!
//! Owns everything linguistic and nothing else: it takes an article's text and publication
//! date and returns an [`Analysis`]. It calls no storage, no index and no network, so every
//! rule here is testable as a pure function over a sentence.
//!
//! All offsets are **byte** offsets into the analysed text (Rust's native indexing); the
//! `extract` contract's character offsets are computed at the edge, in [`offsets`].
//!
//! Submodules, in pipeline order:
//! - [`sentences`]: sentence boundaries that survive abbreviations and mid-sentence breaks;
//! - [`tokens`]: a light word tokenizer with shape features, shared by the rules;
//! - [`lexicon`]: cue verbs, titles, organisations, pronouns (word lists, compiled once);
//! - [`mentions`]: people, organisations and groups, with their roles;
//! - [`attribution`]: statements (speaker, cue, content; direct or indirect);
//! - [`coref`]: pronouns and role nouns resolved to the person within the article;
//! - [`anaphora`]: content that points back ("echoed this sentiment") linked to the
//!   statement it stands for;
//! - [`time`]: time expressions and their resolution against the publication date;
//! - [`names`]: canonical keys that merge spelling variants of a name across articles.

pub mod anaphora;
pub mod attribution;
pub mod coref;
pub mod export;
pub mod lexicon;
pub mod mentions;
pub mod names;
pub mod offsets;
pub mod sentences;
pub mod time;
pub mod tokens;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into the analysed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The text this span covers. Spans are only ever built on char boundaries of the text
    /// they index; a span from another text yields "" rather than a panic.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn join(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What kind of thing a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organisation,
    /// A plural, unnamed set of people: "European leaders", "U.S. officials".
    Group,
    Place,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Group => "group",
            EntityKind::Place => "place",
        }
    }

    /// The kind [`EntityKind::as_str`] wrote, if it is one.
    pub fn parse(s: &str) -> Option<EntityKind> {
        [
            EntityKind::Person,
            EntityKind::Organisation,
            EntityKind::Group,
            EntityKind::Place,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One mention of a person, organisation or group in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The whole noun phrase, role included: "U.S. Secretary of State Marco Rubio".
    pub span: Span,
    /// The name as the article writes it, without the role: "Marco Rubio", "The Kremlin"
    /// gives "Kremlin", "European leaders".
    pub name: String,
    pub kind: EntityKind,
    /// The role the phrase gives, if any: "U.S. Secretary of State".
    pub role: Option<String>,
}

/// Whether a statement quotes its speaker's words or reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    Direct,
    Indirect,
}

impl StatementKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            StatementKind::Direct => "direct",
            StatementKind::Indirect => "indirect",
        }
    }
}

/// Who made a statement, resolved to the article's fullest name for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The fullest name the article uses for this speaker: "Marco Rubio", "Kremlin".
    pub name: String,
    pub kind: EntityKind,
    /// The speaker's role as the article gives it, if it does.
    pub role: Option<String>,
}

/// A time expression as written and, when a basis date is known, the interval it means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    /// The expression as written: "last week", "in February 2022".
    pub text: String,
    /// First and last day of the interval (a single day has `start == end`); `None` when the
    /// expression cannot be resolved (relative, and no publication date).
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The date the expression was resolved against (the publication date).
    pub basis: Option<NaiveDate>,
}

impl DateSpan {
    /// A date span that is just the publication date, for statements with no time of their
    /// own: news reports what was said up to the day it is published.
    pub fn published(date: NaiveDate) -> Self {
        DateSpan {
            text: String::new(),
            start: Some(date),
            end: Some(date),
            basis: Some(date),
        }
    }

    pub fn is_resolved(&self) -> bool {
        self.start.is_some()
    }
}

/// A time expression found in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeMention {
    pub span: Span,
    pub sentence: usize,
    pub date: DateSpan,
}

/// One attribution: someone (or no one named) said or thought something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Who said it; `None` when the text does not say ("it was stated that …"): never
    /// invented.
    pub speaker: Option<Speaker>,
    /// Where the text names the speaker, as written (for a pronoun, the pronoun itself).
    pub source: Option<Span>,
    /// The cue: "said", "emphasized", "according to", ":".
    pub cue: Option<Span>,
    /// What was said, as one or more fragments in text order (a quote interrupted by
    /// "he said" has two, and each quote paragraph that goes on with no cue of its own is
    /// one more: it shares this statement's speaker, cue and date). Never empty.
    pub content: Vec<Span>,
    pub kind: StatementKind,
    /// When it was said, from the sentence, else from the publication date.
    pub when: Option<DateSpan>,
    /// Index into [`Analysis::sentences`] of the sentence holding the cue.
    pub sentence: usize,
    /// For a statement with no named speaker: the occasion the text places it in ("a phone
    /// call between U.S. Secretary of State Marco Rubio and Russian Foreign Minister Sergei
    /// Lavrov"), so an answer can say where it was said without inventing who said it.
    pub setting: Option<Span>,
    /// Set when the content does not stand alone but points back to an earlier statement
    /// ("this sentiment", "the claim", "the same"), by [`anaphora`]. `content` itself stays
    /// as written.
    #[serde(default)]
    pub anaphor: Option<Anaphor>,
}

/// Content that points back instead of saying something itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anaphor {
    /// What it points back to; `None` when no earlier statement fits.
    pub antecedent: Option<Antecedent>,
}

/// The statement an anaphor stands for, as its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Antecedent {
    /// The earlier statement's content fragments (that statement's own antecedent's, when it
    /// too points back).
    pub content: Vec<Span>,
    /// A reported clause ("an in-person meeting was unnecessary"), which stands in for a
    /// noun phrase after "that"; a quote or a noun phrase ("decisive action") reads as it is.
    pub clause: bool,
}

impl Statement {
    /// The smallest span covering all content fragments.
    pub fn content_hull(&self) -> Span {
        let first = self.content.first().copied().unwrap_or(Span::new(0, 0));
        self.content.iter().fold(first, |acc, s| acc.join(*s))
    }

    /// The content as text, fragments joined by " … ".
    pub fn content_text(&self, text: &str) -> String {
        fragments_text(&self.content, text)
    }

    /// Whether the content points back to nothing found ("echoed this sentiment" with no
    /// statement before it): it says nothing on its own.
    pub fn is_unresolved_anaphor(&self) -> bool {
        self.anaphor
            .as_ref()
            .is_some_and(|a| a.antecedent.is_none())
    }

    /// What an anaphoric content stands for, as a noun phrase that can take its place: "that
    /// an in-person meeting was unnecessary" for "this sentiment". `None` when the content
    /// stands alone or its antecedent was not found.
    pub fn antecedent_text(&self, text: &str) -> Option<String> {
        let ante = self.anaphor.as_ref()?.antecedent.as_ref()?;
        let said = fragments_text(&ante.content, text);
        Some(if ante.clause {
            format!("that {said}")
        } else {
            said
        })
    }
}

/// Fragments of text joined by " … ", each trimmed.
fn fragments_text(fragments: &[Span], text: &str) -> String {
    let parts: Vec<&str> = fragments.iter().map(|s| s.text(text).trim()).collect();
    parts.join(" … ")
}

/// A person, organisation or group as one article knows it: every name and role the article
/// uses for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest name: "Marco Rubio".
    pub name: String,
    pub kind: EntityKind,
    /// Every other way the article names them: "Rubio".
    pub aliases: Vec<String>,
    /// Every role the article gives them, in order of first use.
    pub roles: Vec<String>,
}

/// Everything `nlp` found in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Span>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub statements: Vec<Statement>,
    pub times: Vec<TimeMention>,
}

/// Articles longer than this are analysed in windows of at most this many bytes, cut at a
/// paragraph break (else a sentence end, else a space). Some rules compare a statement
/// with every other statement of its article; windows keep that cost bounded, so analysis
/// time grows linearly with length, not with its square (a hostile 4 MB article would
/// otherwise take minutes). Real articles are far shorter (the longest in our corpora is
/// 34 KB), so they are analysed whole; coreference does not cross windows.
pub const WINDOW_BYTES: usize = 64 * 1024;

/// Headings of the lists that close an article ("Sources", as Wikinews ends): what follows
/// them is other articles' headlines (`"Document found on street" — CBC.ca, August 15`),
/// not anything said, so analysis stops there.
const CLOSING_LISTS: &[&str] = &[
    "sources",
    "references",
    "external links",
    "related news",
    "related articles",
    "see also",
    "further reading",
];

/// Where an article's own text ends: at the first line after its first paragraph that is
/// one of [`CLOSING_LISTS`] alone (a colon after it aside), else the end.
fn body_end(text: &str) -> usize {
    let Some(first_break) = text.find("\n\n") else {
        return text.len();
    };
    let mut at = first_break;
    for line in text[first_break..].split_inclusive('\n') {
        let heading = line.trim().trim_end_matches(':').trim_end();
        if CLOSING_LISTS
            .iter()
            .any(|h| heading.eq_ignore_ascii_case(h))
        {
            return at;
        }
        at += line.len();
    }
    text.len()
}

/// Analyse one article. `published` is the basis for relative time expressions.
pub fn analyze(text: &str, published: Option<NaiveDate>) -> Analysis {
    let text = &text[..body_end(text)];
    if text.len() <= WINDOW_BYTES {
        return analyze_window(text, published);
    }
    let mut out = Analysis::default();
    let mut entity_at = HashMap::new();
    let mut start = 0;
    while start < text.len() {
        let end = window_end(text, start);
        out.append(
            analyze_window(&text[start..end], published),
            start,
            &mut entity_at,
        );
        start = end;
    }
    out
}

/// Where the window starting at `start` ends: after the last paragraph break within
/// [`WINDOW_BYTES`], else the last sentence end, else the last space, else a char boundary.
fn window_end(text: &str, start: usize) -> usize {
    let mut limit = (start + WINDOW_BYTES).min(text.len());
    if limit == text.len() {
        return limit;
    }
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    let cut = window
        .rfind("\n\n")
        .map(|i| i + 2)
        .or_else(|| window.rfind(['.', '?', '!']).map(|i| i + 1))
        .or_else(|| window.rfind(char::is_whitespace).map(|i| i + 1))
        .filter(|&i| i > 0 && window.is_char_boundary(i))
        .unwrap_or(window.len());
    start + cut
}

impl Analysis {
    /// Add the analysis of a window that starts at byte `offset` of the article; entities
    /// of the same name and kind merge (`entity_at` indexes them).
    fn append(
        &mut self,
        part: Analysis,
        offset: usize,
        entity_at: &mut HashMap<(String, EntityKind), usize>,
    ) {
        let shift = |s: Span| Span::new(s.start + offset, s.end + offset);
        let first_sentence = self.sentences.len();
        self.sentences.extend(part.sentences.into_iter().map(shift));
        self.mentions.extend(part.mentions.into_iter().map(|mut m| {
            m.span = shift(m.span);
            m
        }));
        self.times.extend(part.times.into_iter().map(|mut t| {
            t.span = shift(t.span);
            t.sentence += first_sentence;
            t
        }));
        self.statements
            .extend(part.statements.into_iter().map(|mut st| {
                st.source = st.source.map(shift);
                st.cue = st.cue.map(shift);
                st.setting = st.setting.map(shift);
                st.content.iter_mut().for_each(|c| *c = shift(*c));
                if let Some(ante) = st.anaphor.as_mut().and_then(|a| a.antecedent.as_mut()) {
                    ante.content.iter_mut().for_each(|c| *c = shift(*c));
                }
                st.sentence += first_sentence;
                st
            }));
        for e in part.entities {
            match entity_at.get(&(e.name.clone(), e.kind)) {
                Some(&i) => merge_entity(&mut self.entities[i], e),
                None => {
                    entity_at.insert((e.name.clone(), e.kind), self.entities.len());
                    self.entities.push(e);
                }
            }
        }
    }
}

/// An entity from another window folded into one of the same name and kind.
fn merge_entity(have: &mut Entity, e: Entity) {
    for a in e.aliases {
        if !have.aliases.contains(&a) {
            have.aliases.push(a);
        }
    }
    for r in e.roles {
        if !have.roles.contains(&r) {
            have.roles.push(r);
        }
    }
}

/// The tokens, sentences and mentions of `text`, as [`analyze`] reads them first.
#[cfg(test)]
fn read_for_tests<'a>(
    text: &str,
    lower: &'a mut String,
) -> (Vec<tokens::Token<'a>>, Vec<Span>, Vec<Mention>) {
    let toks = tokens::tokenize(text, lower);
    let sentences = sentences::split_tokens(&toks);
    let mentions = mentions::find_mentions(text, &toks, &sentences);
    (toks, sentences, mentions)
}

/// The texts the tokenizer's and the mention finder's whole-text tests read: the sample
/// articles and every extraction fixture table.
#[cfg(test)]
const SAMPLE_TEXTS: [&str; 6] = [
    include_str!("../corpus/sample/seed-article.txt"),
    include_str!("../corpus/sample/wikinews.jsonl"),
    include_str!("../../tests/fixtures/extraction/follow_on.tsv"),
    include_str!("../../tests/fixtures/extraction/reported.tsv"),
    include_str!("../../tests/fixtures/extraction/direct.tsv"),
    include_str!("../../tests/fixtures/extraction/anaphora.tsv"),
];

fn analyze_window(text: &str, published: Option<NaiveDate>) -> Analysis {
    let mut lower = String::new();
    let toks = tokens::tokenize(text, &mut lower);
    let sentences = sentences::split_tokens(&toks);
    let times = time::find_times(text, &sentences, published);
    let mentions = mentions::find_mentions(text, &toks, &sentences);
    let entities = coref::entities(&mentions);
    let mut statements = attribution::extract(text, &toks, &sentences, &mentions);
    coref::resolve_speakers(text, &sentences, &mentions, &entities, &mut statements);
    time::date_statements(&mut statements, &times, published);
    anaphora::resolve(&toks, &times, &mut statements);
    Analysis {
        sentences,
        mentions,
        entities,
        statements,
        times,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn analysis_stops_at_a_closing_list_of_sources() {
        // Table: article text, the text analysis reads.
        let cases: &[(&str, &str)] = &[
            (
                "Body.\n\nMore body.\n\nSources\n\n\"Headline\" — CBC.ca, August 15, 2008\n",
                "Body.\n\nMore body.\n\n",
            ),
            ("Body.\n\nReferences:\n1. A book\n", "Body.\n\n"),
            ("Body.\n\n  See also \nOther\n", "Body.\n\n"),
            // Not a heading alone, or in the first paragraph: all of it is read.
            (
                "Sources said so.\n\nThe sources were right.",
                "Sources said so.\n\nThe sources were right.",
            ),
            ("Sources\nsaid so.", "Sources\nsaid so."),
            ("One paragraph only.", "One paragraph only."),
        ];
        for (text, read) in cases {
            assert_eq!(&text[..super::body_end(text)], *read, "{text:?}");
        }
        let article = "The minister said the plan would work.\n\nSources\n\n\"Plan found on street\" — CBC.ca, August 15, 2008\n";
        let speakers: Vec<_> = super::analyze(article, None)
            .statements
            .iter()
            .map(|s| s.speaker.clone())
            .collect();
        assert_eq!(speakers.len(), 1, "{speakers:?}");
    }

    use super::EntityKind;

    #[test]
    fn an_entity_kind_reads_back_what_it_writes() {
        for k in [
            EntityKind::Person,
            EntityKind::Organisation,
            EntityKind::Group,
            EntityKind::Place,
        ] {
            assert_eq!(EntityKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EntityKind::parse("planet"), None);
    }
}
