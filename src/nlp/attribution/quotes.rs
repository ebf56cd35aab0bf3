//! Pairing quotation marks: which tokens lie inside a quote, over sentence boundaries.

use std::ops::Range;

use crate::nlp::tokens::{QuoteDir, Token, TokenKind};

/// One quotation: token indices of its opening and closing marks (inclusive). A quote left
/// open at a paragraph break is closed there (news reopens it in the next paragraph).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub open: usize,
    /// The closing mark, or the last token before the break when the quote was left open.
    pub close: usize,
}

/// Pairs double quotation marks. Curly marks say their direction; a straight mark opens
/// when no quote is open and closes otherwise.
pub fn pair_quotes(toks: &[Token]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // Curly quotes nest (“he calls “hell” home”); straight ones cannot say so.
    let mut nested = 0usize;
    for (i, t) in toks.iter().enumerate() {
        if t.para_before {
            nested = 0;
            if let Some(o) = open.take() {
                if i > o + 1 {
                    out.push(Quote {
                        open: o,
                        close: i - 1,
                    });
                }
            }
        }
        let TokenKind::Quote(dir) = t.kind else {
            continue;
        };
        match (open, dir) {
            // A closing glyph that starts a paragraph is a typo for an opening one.
            (None, QuoteDir::Close) if t.para_before || i == 0 => open = Some(i),
            (None, QuoteDir::Close) => {}
            (None, _) => open = Some(i),
            // An opening glyph glued to the word before and not to the one after is a
            // typo for a closing one: `“It's unusual,“ said Noble`.
            (Some(o), QuoteDir::Open) if nested == 0 && closes_by_position(toks, i) => {
                out.push(Quote { open: o, close: i });
                open = None;
            }
            (Some(o), QuoteDir::Open) if t.lower() == "“" && toks[o].lower() == "“" => {
                nested += 1;
            }
            // A curly pair inside a straight quote (`"It isn't about “Equal Justice”
            // anymore. …"`): nested when the curly quote closes and a straight mark
            // follows it, in the same paragraph.
            (Some(o), QuoteDir::Open)
                if t.lower() == "“"
                    && toks[o].lower() == "\""
                    && i > o + 1
                    && curly_nested_in_straight(toks, i) =>
            {
                nested += 1;
            }
            (Some(_), QuoteDir::Close) if nested > 0 => {
                nested -= 1;
            }
            (Some(o), QuoteDir::Open) => {
                // Two openers in a row: the first was never closed.
                if i > o + 1 {
                    out.push(Quote {
                        open: o,
                        close: i - 1,
                    });
                }
                open = Some(i);
            }
            (Some(o), _) => {
                out.push(Quote { open: o, close: i });
                open = None;
            }
        }
    }
    if let Some(o) = open {
        if toks.len() > o + 1 {
            out.push(Quote {
                open: o,
                close: toks.len() - 1,
            });
        }
    }
    out
}

/// Whether the curly opening mark at `i` is closed by the next quote mark of its
/// paragraph, and a straight mark comes after that one in the paragraph.
fn curly_nested_in_straight(toks: &[Token], i: usize) -> bool {
    let mut marks = toks
        .iter()
        .skip(i + 1)
        .take_while(|t| !t.para_before)
        .filter(|t| matches!(t.kind, TokenKind::Quote(_)));
    marks.next().is_some_and(|t| t.lower() == "”") && marks.any(|t| t.lower() == "\"")
}

/// Whether the quote mark at `i` touches the token before it and not the one after.
fn closes_by_position(toks: &[Token], i: usize) -> bool {
    let glued_left = i > 0 && toks[i - 1].span.end == toks[i].span.start;
    let free_right = toks
        .get(i + 1)
        .is_none_or(|n| n.span.start > toks[i].span.end || n.para_before);
    glued_left && free_right
}

/// For each token, the index of the quote it lies in (marks included).
pub fn quote_of_token(n: usize, quotes: &[Quote]) -> Vec<Option<usize>> {
    let ranges = quotes.iter().enumerate();
    per_token(
        n,
        None,
        ranges.map(|(qi, q)| (q.open..q.close.saturating_add(1), Some(qi))),
    )
}

/// A value for each of `n` tokens: `value` over each range given (clipped to `n`; a later
/// range wins where two overlap), `default` elsewhere. Written front to back, each slot
/// once when the ranges come in order and apart (quotes, sentences, most contents): a
/// zeroed vector set again cost a block of zeroes and a second pass, per article.
pub(super) fn per_token<T: Copy>(
    n: usize,
    default: T,
    ranges: impl IntoIterator<Item = (Range<usize>, T)>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    for (r, value) in ranges {
        let (from, to) = (r.start.min(n), r.end.min(n));
        if from >= to {
            continue;
        }
        if out.len() < from {
            out.resize(from, default);
        }
        // Slots already written (a range overlapping an earlier one) are set again.
        let written = out.len().min(to);
        if let Some(again) = out.get_mut(from..written) {
            again.fill(value);
        }
        if out.len() < to {
            out.resize(to, value);
        }
    }
    out.resize(n, default);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`per_token`] as a vector filled and then set range by range.
    fn set_by_range(n: usize, ranges: &[(Range<usize>, u8)]) -> Vec<u8> {
        let mut out = vec![0; n];
        for (r, v) in ranges {
            for slot in out.iter_mut().take(r.end).skip(r.start) {
                *slot = *v;
            }
        }
        out
    }

    #[test]
    fn per_token_sets_ranges_as_a_filled_vector_would() {
        let cases: &[&[(Range<usize>, u8)]] = &[
            &[],
            &[(0..3, 1), (5..7, 2)],
            &[(2..4, 1), (3..6, 2), (1..2, 3)],
            &[(4..20, 1), (Range { start: 6, end: 2 }, 2), (0..1, 3)],
            &[(1..9, 1), (3..5, 2), (8..12, 3)],
        ];
        for ranges in cases {
            for n in [0, 1, 5, 9, 12] {
                let got = per_token(n, 0, ranges.iter().cloned());
                assert_eq!(got, set_by_range(n, ranges), "{ranges:?} over {n}");
            }
        }
    }
}
