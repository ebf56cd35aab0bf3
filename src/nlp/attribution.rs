//! Attributions: who (source) said or thought what (content), signalled by what (cue).
//!
//! Works sentence by sentence over tokens. Quotation marks are paired over the whole text
//! first (a quote may span sentences). Then every token outside a quote is tried against
//! the shapes news uses, one table of named rules in `shapes` (`SHAPES`, and `VERB_SHAPES`
//! for a verb cue), in this order:
//! - a leading "To X, …" or "In a poll by X, …"; "Asked why …";
//! - "according to X, …" and "…, according to X"; "As X reported, …" and "…, as X noted";
//! - colon: "Trump: “…”"; a dash byline: "“…” ― Jane Doe";
//! - raising verbs with no source: "Clinton is expected to win";
//! - noun cues: "his criticism of the plan";
//! - verb cues: "seen as"; a passive with its agent; passive, no source: "it was stated that
//!   …" (speaker left unknown; the occasion named just before, "a phone call between …,
//!   where it was stated", becomes the setting); subject before the cue: "X said (that) …",
//!   "X, who suggested …", "with X advocating for …", "CLAUSE, X said.", "“…,” X said, “…”";
//!   subject after the cue: "“…,” said X"; participle after a comma: "X did Y, stating that
//!   …" (the source is the main subject); a participle right after its noun phrase: "a group
//!   backing Bush"; a long subject: "People who … say …";
//! - "reportedly": "The club is reportedly spending …" (no source; the clause without the
//!   adverb).
//!
//! Each shape reads its own example in `tests` (`SHAPE_EXAMPLES`).
//!
//! Then `follow_on` attaches the quotes no cue claimed: quote paragraphs that go on with
//! the statement ending the paragraph before, introductions without a cue word ("X was
//! blunt: “…”") and tags with a verb of speaking manner ("“…,” X barked").
//!
//! Content follows the PolNeAR guidelines: without the complementiser "that", without the
//! attribution clause, and stopping before a trailing ", <participle> …" clause. A
//! noun-phrase cue ("proposed", "called for") takes a noun phrase, which also stops at a
//! comma, "but", "as" or "while". Speakers are resolved later, in [`super::coref`].

mod content;
mod follow_on;
mod quotes;
mod shapes;
#[cfg(test)]
mod tests;
mod words;

use super::tokens::{sentence_ranges, Token};
use super::{Mention, Span, Statement};

pub use quotes::{pair_quotes, Quote};
pub(crate) use words::LISTED as LISTED_WORDS;

/// The words that open a shape of [`shapes::SHAPES`] other than the last (a verb cue's,
/// tried everywhere): each of those shapes applies only where its word stands, so at any
/// other token the verb cue's is the one that decides. The tokenizer marks these words
/// ([`Token::opens_lead_shape`]); a shape added to the table adds its word here.
/// Whether `w` (lowercase) opens an adverbial clause or phrase ("although", "despite",
/// "after"): at a sentence's start, no part of the name after it.
pub(crate) fn opens_adverbial(w: &str) -> bool {
    words::SUBORDINATORS.contains(&w) || words::OBJECT_PREPOSITIONS.contains(&w)
}

pub(crate) fn lead_shape_words() -> impl Iterator<Item = &'static str> {
    const OPENING: &[&str] = &[
        "to",
        "in",
        "asked",
        "according",
        "as",
        ":",
        "―",
        "—",
        "–",
        "-",
        "reportedly",
        "allegedly",
        "supposedly",
        "purportedly",
    ];
    let nouns = super::lexicon::lexicon()
        .noun_cues
        .keys()
        .map(String::as_str);
    OPENING
        .iter()
        .chain(words::RAISING)
        .chain(words::BACKING_NOUNS)
        .copied()
        .chain(nouns)
}

/// Extracts the statements of a text, in order of their cue.
pub fn extract(
    _text: &str,
    toks: &[Token],
    sentences: &[Span],
    mentions: &[Mention],
) -> Vec<Statement> {
    let quotes = pair_quotes(toks);
    let ctx = shapes::Ctx::new(toks, &quotes, mentions);
    let mut out: Vec<Statement> = Vec::new();
    let mut used = vec![false; toks.len()];
    let ranges = sentence_ranges(toks, sentences);
    for (si, range) in ranges.iter().cloned().enumerate() {
        for st in ctx.sentence_statements(si, range) {
            if !st.content.is_empty() && claims_free_tokens(&ctx, &st, &mut used) {
                out.push(st);
            }
        }
    }
    out.sort_by_key(|s| s.cue.map_or(0, |c| c.start));
    untangle(&ctx, &mut out);
    follow_on::attach(&ctx, &ranges, &mut out);
    out
}

/// The statements of every sentence of `text`, each with the shape that read it.
#[cfg(test)]
fn statements_by_shape(text: &str) -> Vec<shapes::Named> {
    let mut lower = String::new();
    let (toks, sentences, mentions) = super::read_for_tests(text, &mut lower);
    let quotes = pair_quotes(&toks);
    let ctx = shapes::Ctx::new(&toks, &quotes, &mentions);
    sentence_ranges(&toks, &sentences)
        .into_iter()
        .enumerate()
        .flat_map(|(si, range)| ctx.statements_by_shape(si, range))
        .collect()
}

/// The index in [`shapes::SHAPES`] of each shape that decides at some token of `text`.
#[cfg(test)]
fn shapes_applying(text: &str) -> Vec<usize> {
    let mut lower = String::new();
    let (toks, sentences, mentions) = super::read_for_tests(text, &mut lower);
    let quotes = pair_quotes(&toks);
    let ctx = shapes::Ctx::new(&toks, &quotes, &mentions);
    sentence_ranges(&toks, &sentences)
        .into_iter()
        .flat_map(|range| {
            range
                .clone()
                .filter_map(|i| ctx.shape_index_at(i, &range))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Trims a content that runs over into a later clause with its own attribution: in "X
/// said the deal was off, and aides warned that …" the first content ends before ", and
/// aides". A statement nested right inside a content ("said Clinton claimed …") stays
/// nested; the export leaves such statements out.
fn untangle(ctx: &shapes::Ctx, statements: &mut [Statement]) {
    for i in 0..statements.len() {
        let Some(inner_cue) = statements[i].cue else {
            continue;
        };
        let start = statements[i]
            .source
            .map_or(inner_cue.start, |s| s.start.min(inner_cue.start));
        let Some(boundary) = ctx.clause_boundary_before(start) else {
            continue;
        };
        for (j, outer) in statements.iter_mut().enumerate() {
            if j == i {
                continue;
            }
            for frag in outer.content.iter_mut() {
                if frag.contains(inner_cue)
                    && frag.start < boundary.start
                    && !ctx.subordinate_clause_closes_at(*frag, boundary, inner_cue)
                {
                    frag.end = boundary.start;
                }
            }
        }
    }
}

/// Marks the cue tokens of a statement as used; false (and nothing marked) when another
/// statement already took its cue, so one cue never yields two statements.
fn claims_free_tokens(ctx: &shapes::Ctx, st: &Statement, used: &mut [bool]) -> bool {
    let Some(cue) = st.cue else { return true };
    let idx: Vec<usize> = ctx.token_range(cue).collect();
    if idx.iter().any(|&i| used[i]) {
        return false;
    }
    for i in idx {
        used[i] = true;
    }
    true
}
