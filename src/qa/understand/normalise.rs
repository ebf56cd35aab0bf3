//! Stage 1: the question as typed becomes one normal form and its word tokens. NFKC (full-width
//! letters, ligatures), typographic quotes made straight, the contractions people type
//! ("what's", "whats", "who's", "didn't") spelt out, and the tokens of `nlp::tokens` with
//! their offsets into the normal form. Case is kept on each token (a capital is evidence of a
//! name) beside its lowercase form, which every later stage matches on.

use unicode_normalization::UnicodeNormalization;

use crate::nlp::tokens::{tokenize, TokenKind};

/// One word of the question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    /// As written (after normalisation), possessive "'s" removed.
    pub text: String,
    pub lower: String,
    /// Byte offsets into [`Normalised::text`].
    pub start: usize,
    pub end: usize,
    /// Starts with a capital letter.
    pub cap: bool,
    /// Followed by a possessive "'s" ("Putin's").
    pub possessive: bool,
    /// Inside a quoted span.
    pub quoted: bool,
}

/// The normalised question and its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    pub toks: Vec<Tok>,
    /// The first quoted span, verbatim: the words the asker wants found.
    pub quoted: Option<String>,
}

/// Contractions and chat shorthand spelt out. Only after question and pointing words: after a name, "'s" is a
/// possessive ("Putin's minister").
const CONTRACTIONS: &[(&str, &str)] = &[
    ("what's", "what is"),
    ("whats", "what is"),
    ("who's", "who is"),
    ("whos", "who is"),
    ("where's", "where is"),
    ("wheres", "where is"),
    ("when's", "when is"),
    ("how's", "how is"),
    ("hows", "how is"),
    ("that's", "that is"),
    ("it's", "it is"),
    ("he's", "he is"),
    ("she's", "she is"),
    // Chat shorthand for "on": "trump + opec", "ayotte re the ticket".
    ("+", "on"),
    ("re", "on"),
    ("re:", "on"),
    ("abt", "about"),
    ("there's", "there is"),
    ("what're", "what are"),
    ("who're", "who are"),
    ("didn't", "did not"),
    ("didnt", "did not"),
    ("doesn't", "does not"),
    ("doesnt", "does not"),
    ("don't", "do not"),
    ("hasn't", "has not"),
    ("hasnt", "has not"),
    ("haven't", "have not"),
    ("isn't", "is not"),
    ("wasn't", "was not"),
    ("won't", "will not"),
    ("who'd", "who would"),
    ("what'd", "what did"),
    ("when'd", "when did"),
    ("where'd", "where did"),
    ("how'd", "how did"),
    ("who've", "who have"),
];

/// Normalise a question and split it into words.
pub fn normalise(raw: &str) -> Normalised {
    let folded: String = raw
        .nfkc()
        .map(|c| match c {
            '‘' | '’' | 'ʼ' | '`' | '´' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let text = expand_contractions(folded.trim());
    let mut toks: Vec<Tok> = Vec::new();
    let mut quoted = false;
    let mut quote_start: Option<usize> = None;
    let mut first_quote: Option<String> = None;
    for t in tokenize(&text, &mut String::new()) {
        match t.kind {
            TokenKind::Quote(_) => {
                if quoted {
                    if let (Some(s), None) = (quote_start, &first_quote) {
                        let inner = text.get(s..t.span.start).unwrap_or("").trim();
                        if !inner.is_empty() {
                            first_quote = Some(inner.to_string());
                        }
                    }
                } else {
                    quote_start = Some(t.span.end);
                }
                quoted = !quoted;
            }
            TokenKind::Word | TokenKind::Number => {
                if t.lower() == "'s" || t.lower() == "'" {
                    if let Some(prev) = toks.last_mut() {
                        prev.possessive = true;
                    }
                    continue;
                }
                let word = t.span.text(&text).trim_end_matches(['\'']);
                toks.push(Tok {
                    text: word.to_string(),
                    lower: t.lower().trim_end_matches('\'').to_string(),
                    start: t.span.start,
                    end: t.span.end,
                    cap: t.cap,
                    possessive: false,
                    quoted,
                });
            }
            // "Giles' take": a quote mark straight after a word in -s is a possessive.
            TokenKind::SingleQuote(_)
                if toks
                    .last()
                    .is_some_and(|p| p.end == t.span.start && p.lower.ends_with('s')) =>
            {
                if let Some(prev) = toks.last_mut() {
                    prev.possessive = true;
                }
            }
            TokenKind::SingleQuote(_) | TokenKind::Punct => {}
        }
    }
    // An unclosed quote quotes nothing: the words stay ordinary words.
    if quoted {
        for t in toks
            .iter_mut()
            .filter(|t| quote_start.is_some_and(|s| t.start >= s))
        {
            t.quoted = false;
        }
    }
    Normalised {
        text,
        toks,
        quoted: first_quote,
    }
}

/// Spell out the contractions of [`CONTRACTIONS`], word by word, keeping the first letter's
/// case.
fn expand_contractions(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = word.trim_end_matches(['?', '!', '.', ',', ';', ':']);
        let tail = &word[core.len()..];
        let lower = core.to_lowercase();
        match CONTRACTIONS.iter().find(|(c, _)| *c == lower) {
            Some((_, full)) => {
                if core.chars().next().is_some_and(char::is_uppercase) {
                    let mut cs = full.chars();
                    if let Some(f) = cs.next() {
                        out.extend(f.to_uppercase());
                        out.push_str(cs.as_str());
                    }
                } else {
                    out.push_str(full);
                }
                out.push_str(tail);
            }
            None => out.push_str(word),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowers(q: &str) -> Vec<String> {
        normalise(q).toks.into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn contractions_quotes_and_possessives() {
        assert_eq!(
            lowers("whats podesta’s take on nevada"),
            ["what", "is", "podesta", "take", "on", "nevada"]
        );
        assert_eq!(lowers("Who's saying it?"), ["who", "is", "saying", "it"]);
        let n = normalise("what's Putin's view");
        assert!(n.toks[2].possessive && n.toks[2].cap);
        let n = normalise("What is Giles' take?");
        assert!(n.toks[2].possessive && n.toks[2].text == "Giles");
        let n = normalise("who said “no timeline”?");
        assert_eq!(n.quoted.as_deref(), Some("no timeline"));
        assert!(n.toks[2].quoted && !n.toks[1].quoted);
        // Full-width letters fold to ASCII.
        assert_eq!(lowers("ｗｈｏ said"), ["who", "said"]);
    }

    #[test]
    fn an_unclosed_quote_quotes_nothing() {
        let n = normalise("who said \"the summit");
        assert!(n.quoted.is_none());
        assert!(n.toks.iter().all(|t| !t.quoted));
    }

    #[test]
    fn offsets_point_into_the_normal_form() {
        let n = normalise("What’s the latest from Rutte?");
        for t in &n.toks {
            assert_eq!(&n.text[t.start..t.end].trim_end_matches('\''), &t.text);
        }
    }
}
