//! The `whosaid extract` contract: an article's statements as JSON with character offsets
//! (as Python indexes strings), the format extraction quality is measured on.

use serde::Serialize;

use super::offsets::CharOffsets;
use super::{Analysis, DateSpan, Span};

#[derive(Serialize)]
pub struct ExtractedArticle<'a> {
    pub id: &'a str,
    pub attributions: Vec<ExtractedAttribution>,
}

#[derive(Serialize)]
pub struct ExtractedAttribution {
    pub source: Option<CharSpan>,
    pub cue: Option<CharSpan>,
    pub content: CharSpan,
    pub speaker: Option<String>,
    pub kind: &'static str,
    pub when: Option<DateSpan>,
}

/// A span in characters, with its text and, for discontinuous content, its fragments.
#[derive(Serialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<[usize; 2]>>,
}

/// The extract record of one analysed article.
pub fn article<'a>(id: &'a str, text: &str, analysis: &Analysis) -> ExtractedArticle<'a> {
    let map = CharOffsets::new(text);
    let fragments = Fragments::new(&analysis.statements);
    let span = |s: Span| CharSpan {
        start: map.char_of(s.start),
        end: map.char_of(s.end),
        text: s.text(text).to_string(),
        fragments: None,
    };
    let attributions = analysis
        .statements
        .iter()
        .enumerate()
        .filter(|(i, st)| !st.content.is_empty() && !is_nested(*i, st, &fragments))
        .map(|(_, st)| st)
        .map(|st| {
            let hull = st.content_hull();
            let mut content = span(hull);
            if st.content.len() > 1 {
                content.fragments = Some(
                    st.content
                        .iter()
                        .map(|f| [map.char_of(f.start), map.char_of(f.end)])
                        .collect(),
                );
            }
            ExtractedAttribution {
                source: st.source.map(span),
                cue: st.cue.map(span),
                content,
                speaker: st.speaker.as_ref().map(|s| s.name.clone()),
                kind: st.kind.as_str(),
                when: st.when.clone(),
            }
        })
        .collect();
    ExtractedArticle { id, attributions }
}

/// Whether a statement's cue lies inside another statement's content: "Trump said Clinton
/// claimed …" is one attribution as the annotation guidelines count them (each word plays
/// one role). The nested statement stays in the analysis, where questions can use it.
fn is_nested(index: usize, st: &super::Statement, fragments: &Fragments) -> bool {
    let Some(cue) = st.cue else { return false };
    if st.kind == super::StatementKind::Direct {
        return false;
    }
    // The whole attribution clause sits inside the other's content: its source too, when
    // it has one there ("said Clinton claimed"); a participle's subject stands outside.
    let head = st.source.map_or(cue, |s| s.join(cue));
    fragments.other_contains(head, index)
}

/// An end of a content fragment and the index of its statement.
type End = (usize, usize);

/// Every content fragment sorted by start, with, for each prefix of that order, the two
/// largest ends that belong to different statements. "Does another statement's content
/// contain this span" is then a binary search, so a long article's export stays
/// O(n log n) in its statements rather than O(n²).
struct Fragments {
    starts: Vec<usize>,
    best: Vec<[Option<End>; 2]>,
}

impl Fragments {
    fn new(statements: &[super::Statement]) -> Self {
        let mut frags: Vec<(usize, End)> = statements
            .iter()
            .enumerate()
            .flat_map(|(i, st)| st.content.iter().map(move |c| (c.start, (c.end, i))))
            .collect();
        frags.sort_unstable();
        let mut best = [None, None];
        let mut out = Fragments {
            starts: Vec::with_capacity(frags.len()),
            best: Vec::with_capacity(frags.len()),
        };
        for (start, end) in frags {
            best = keep_two_largest(best, end);
            out.starts.push(start);
            out.best.push(best);
        }
        out
    }

    /// Whether a fragment of a statement other than `index` contains `span`.
    fn other_contains(&self, span: Span, index: usize) -> bool {
        let before = self.starts.partition_point(|&s| s <= span.start);
        let Some(best) = before.checked_sub(1).and_then(|i| self.best.get(i)) else {
            return false;
        };
        best.iter()
            .flatten()
            .any(|&(end, owner)| owner != index && end >= span.end)
    }
}

/// The largest end, and the largest end of another statement, among `best` and `new`.
fn keep_two_largest(best: [Option<End>; 2], new: End) -> [Option<End>; 2] {
    let mut all: Vec<End> = best.into_iter().flatten().chain([new]).collect();
    all.sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
    let Some(&first) = all.first() else {
        return best;
    };
    let second = all.iter().copied().find(|e| e.1 != first.1);
    [Some(first), second]
}

#[cfg(test)]
mod tests {
    use super::super::{Statement, StatementKind};
    use super::*;

    fn statement(content: Vec<Span>) -> Statement {
        Statement {
            speaker: None,
            source: None,
            cue: None,
            content,
            kind: StatementKind::Indirect,
            when: None,
            sentence: 0,
            setting: None,
            anaphor: None,
        }
    }

    #[test]
    fn fragment_index_agrees_with_comparing_every_pair() {
        // A small linear congruential generator: varied overlapping spans, reproducibly.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as usize
        };
        let statements: Vec<Statement> = (0..60)
            .map(|_| {
                let frags = (0..1 + next(3))
                    .map(|_| {
                        let start = next(200);
                        Span::new(start, start + next(60))
                    })
                    .collect();
                statement(frags)
            })
            .collect();
        let index = Fragments::new(&statements);
        for _ in 0..2000 {
            let start = next(220);
            let span = Span::new(start, start + next(20));
            let me = next(60);
            let brute = statements
                .iter()
                .enumerate()
                .any(|(i, st)| i != me && st.content.iter().any(|c| c.contains(span)));
            assert_eq!(index.other_contains(span, me), brute, "{span:?} for {me}");
        }
    }
}
