//! Sentence boundaries that survive abbreviations ("Mr.", "Feb.", "U.S."), initials
//! ("J. Smith"), quotes ending in `."`, and a paragraph break inside a sentence, while a
//! heading without final punctuation followed by a blank line stays a sentence of its own.
//!
//! Works on the token stream, where the tokenizer has already kept abbreviation dots inside
//! their words, so every remaining "." is a candidate end.

use super::lexicon::lexicon;
use super::tokens::{tokenize, QuoteDir, Token, TokenKind};
use super::Span;

/// Sentence spans of `text`, trimmed, in order, covering every token.
pub fn split(text: &str) -> Vec<Span> {
    split_tokens(&tokenize(text, &mut String::new()))
}

/// Sentence spans from tokens already computed for the text.
pub fn split_tokens(toks: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        if i > start && toks[i].para_before && breaks_paragraph(toks, i) {
            push(&mut out, toks, start, i);
            start = i;
        }
        if i == start && (i == 0 || toks[i].para_before) {
            if let Some(end) = dateline_end(toks, i) {
                push(&mut out, toks, start, end);
                start = end;
            }
        }
        if ends_sentence(toks, i) {
            let end = swallow_closers(toks, i + 1);
            if is_boundary_before(toks, end) {
                push(&mut out, toks, start, end);
                start = end;
            }
        }
    }
    if start < toks.len() {
        push(&mut out, toks, start, toks.len());
    }
    // The loop may have emitted an empty range when closers were swallowed past a break.
    out.retain(|s| !s.is_empty());
    out
}

fn push(out: &mut Vec<Span>, toks: &[Token], from: usize, to: usize) {
    if from < to && from < toks.len() {
        let end = toks[to.min(toks.len()) - 1].span.end;
        if out
            .last()
            .is_none_or(|l: &Span| l.end <= toks[from].span.start)
        {
            out.push(Span::new(toks[from].span.start, end));
        }
    }
}

/// The longest dateline read, in tokens: "EL PASO, Texas, March 11 --".
const DATELINE_MAX_TOKENS: usize = 12;

/// Whether a token is a dash.
fn is_dash(t: &Token) -> bool {
    t.kind == TokenKind::Punct && matches!(t.lower(), "-" | "--" | "—" | "–")
}

/// Where the dateline opening a paragraph at `start` ends ("HOUSTON, Feb 26 - ",
/// "WASHINGTON (AP) — "): a word in capitals, a comma or parenthesis, a dash and a capital,
/// with no full stop or paragraph break between. It stands as a segment of its own, so that
/// no statement's words begin with it.
fn dateline_end(toks: &[Token], start: usize) -> Option<usize> {
    let first = toks.get(start)?;
    if first.kind != TokenKind::Word || !first.all_caps {
        return None;
    }
    let limit = (start + DATELINE_MAX_TOKENS).min(toks.len());
    let dash = (start + 1..limit).find(|&k| is_dash(&toks[k]))?;
    let stops = (start + 1..=dash).any(|k| {
        toks[k].para_before
            || (toks[k].kind == TokenKind::Punct && matches!(toks[k].lower(), "." | "!" | "?"))
    });
    let marked = (start + 1..dash).any(|k| matches!(toks[k].lower(), "," | "("));
    let mut end = dash + 1;
    while toks.get(end).is_some_and(is_dash) {
        end += 1;
    }
    let next = toks.get(end)?;
    (!stops && marked && (next.cap || next.is_quote())).then_some(end)
}

/// Whether token `i` may end a sentence: terminal punctuation, or a dotted acronym or
/// abbreviation whose dot can double as a full stop.
fn ends_sentence(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    match t.kind {
        // A full stop with a letter right after it ends no sentence: "(D-N.Y.)", "cnn.com".
        TokenKind::Punct if t.lower() == "." => !toks
            .get(i + 1)
            .is_some_and(|n| n.kind == TokenKind::Word && n.span.start == t.span.end),
        TokenKind::Punct => matches!(t.lower(), "!" | "?" | "…"),
        TokenKind::Word => t.lower().ends_with('.') && abbreviation_may_end(toks, i),
        _ => false,
    }
}

/// An abbreviation ending in "." ends the sentence only when what follows clearly starts a
/// new one: never after a title or an initial ("Mr.", "J."), after "No." only before a
/// non-number, after an acronym ("U.S.", "p.m.") only before a sentence-starting word.
fn abbreviation_may_end(toks: &[Token], i: usize) -> bool {
    let t = &toks[i];
    let bare = t.lower().trim_end_matches('.');
    let Some(next) = toks.get(i + 1) else {
        return true;
    };
    if matches!(bare, "no" | "nos" | "vol") {
        return next.kind != TokenKind::Number;
    }
    let is_acronym = bare.contains('.');
    if !is_acronym {
        return false;
    }
    if next.is_quote() {
        // `the U.S. “clearly” needed`: a quote opening on a lowercase word goes on with
        // the sentence; one closing after the acronym ends it.
        let opens_lowercase = toks
            .get(i + 2)
            .is_some_and(|w| w.kind == TokenKind::Word && !w.cap && w.span.start == next.span.end);
        return !opens_lowercase;
    }
    next.cap && is_sentence_starter(next.lower())
}

/// Words that, capitalised after an ambiguous dot, almost always start a sentence.
fn is_sentence_starter(lower: &str) -> bool {
    const STARTERS: &[&str] = &[
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "but",
        "and",
        "in",
        "on",
        "at",
        "this",
        "that",
        "these",
        "those",
        "there",
        "his",
        "her",
        "their",
        "its",
        "our",
        "as",
        "if",
        "when",
        "while",
        "after",
        "before",
        "so",
        "yet",
        "still",
        "meanwhile",
        "however",
        "for",
        "since",
        "although",
        "though",
        "what",
        "why",
        "how",
        "some",
        "many",
        "most",
        "no",
        "not",
        "one",
        "during",
        "last",
        "next",
        "now",
        "then",
        "later",
    ];
    STARTERS.contains(&lower)
}

/// Skips closing quotes and brackets after a full stop: `."` and `.)` end with them.
fn swallow_closers(toks: &[Token], mut j: usize) -> usize {
    while let Some(t) = toks.get(j) {
        let closer = match t.kind {
            // A straight quote closes only when it touches the full stop: `."`, not `. "`.
            TokenKind::Quote(d) | TokenKind::SingleQuote(d) => match d {
                QuoteDir::Open => false,
                QuoteDir::Close => true,
                QuoteDir::Either => j > 0 && toks[j - 1].span.end == t.span.start,
            },
            TokenKind::Punct => matches!(t.lower(), ")" | "]" | "." | "!" | "?"),
            _ => false,
        };
        if !closer || t.para_before {
            break;
        }
        j += 1;
    }
    j
}

/// Whether a sentence may start at token `j` (after terminal punctuation): the next token
/// starts with a capital, a digit, an opening quote or bracket, or begins a paragraph.
fn is_boundary_before(toks: &[Token], j: usize) -> bool {
    let Some(t) = toks.get(j) else {
        return true;
    };
    if t.para_before {
        return true;
    }
    match t.kind {
        TokenKind::Word => t.cap || t.lower().starts_with(|c: char| !c.is_alphabetic()),
        TokenKind::Number => true,
        TokenKind::Quote(_) | TokenKind::SingleQuote(_) => true,
        TokenKind::Punct => matches!(t.lower(), "(" | "[" | "<" | "-" | "—" | "•"),
    }
}

/// Whether a paragraph break before token `i` ends the sentence. It does, unless the text
/// before it is an abbreviation that does not end a sentence here ("between U.S.\n\n
/// Secretary"), or the next paragraph starts in lowercase (a broken line, not a new
/// paragraph).
fn breaks_paragraph(toks: &[Token], i: usize) -> bool {
    let prev = &toks[i - 1];
    let next = &toks[i];
    if next.kind == TokenKind::Word && !next.cap && next.lower().starts_with(char::is_alphabetic) {
        return false;
    }
    if prev.kind == TokenKind::Word && prev.lower().ends_with('.') {
        let bare = prev.lower().trim_end_matches('.');
        let honorific = lexicon().abbreviations.contains(bare) || bare.chars().count() == 1;
        return !honorific && abbreviation_may_end(toks, i - 1);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn splitting_table() {
        let cases: &[(&str, &[&str])] = &[
            ("He said no. She left.", &["He said no.", "She left."]),
            (
                "Mr. Smith met Gen. Jones in Feb. 2020. They talked.",
                &["Mr. Smith met Gen. Jones in Feb. 2020.", "They talked."],
            ),
            (
                "J. Smith went to the U.S. Capitol. It was late.",
                &["J. Smith went to the U.S. Capitol.", "It was late."],
            ),
            (
                "He lives in the U.S. The end.",
                &["He lives in the U.S.", "The end."],
            ),
            (
                "We met at 3 p.m. Friday in Washington, D.C. on time.",
                &["We met at 3 p.m. Friday in Washington, D.C. on time."],
            ),
            (
                "Sen. Chuck Schumer (D-N.Y.) said so. See cnn.com for more.",
                &[
                    "Sen. Chuck Schumer (D-N.Y.) said so.",
                    "See cnn.com for more.",
                ],
            ),
            (
                "It is item No. 3 on the list.",
                &["It is item No. 3 on the list."],
            ),
            (
                "“We will win.” He smiled. \"Really?\" she asked.",
                &["“We will win.”", "He smiled.", "\"Really?\" she asked."],
            ),
            (
                "a call between U.S.\n\nSecretary of State Marco Rubio and Lavrov. Next.",
                &[
                    "a call between U.S.\n\nSecretary of State Marco Rubio and Lavrov.",
                    "Next.",
                ],
            ),
            (
                "Background on U.S.-Russia relations\n\nThe relationship is strained.",
                &[
                    "Background on U.S.-Russia relations",
                    "The relationship is strained.",
                ],
            ),
            (
                "The U.N. Security Council met.",
                &["The U.N. Security Council met."],
            ),
            // A dateline stands apart from the sentence it opens.
            (
                "LONDON, March 4 - The Bank of England said rates would fall.",
                &[
                    "LONDON, March 4 -",
                    "The Bank of England said rates would fall.",
                ],
            ),
            (
                "EL PASO, Texas, March 11 -- El Paso Electric Co said it agreed.",
                &[
                    "EL PASO, Texas, March 11 --",
                    "El Paso Electric Co said it agreed.",
                ],
            ),
            (
                "WASHINGTON (AP) — The Senate voted.",
                &["WASHINGTON (AP) —", "The Senate voted."],
            ),
            (
                "NATO - the alliance - met.",
                &["NATO - the alliance - met."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&sents(text), want, "splitting {text:?}");
        }
    }

    #[test]
    fn survives_odd_text() {
        for text in [
            "",
            ".",
            "🙂. 🙂.",
            "\0. \0",
            "مرحبا. שלום.",
            "...",
            "\n\n\n",
        ] {
            for s in split(text) {
                assert!(text.get(s.start..s.end).is_some());
            }
        }
    }
}
