//! Pairing quotation marks: which tokens lie inside a quote, over sentence boundaries.

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
            (Some(o), QuoteDir::Open) if t.lower == "“" && toks[o].lower == "“" => {
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
    let mut out = vec![None; n];
    for (qi, q) in quotes.iter().enumerate() {
        for slot in out.iter_mut().take(q.close + 1).skip(q.open) {
            *slot = Some(qi);
        }
    }
    out
}
