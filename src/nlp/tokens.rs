//! A light word tokenizer with byte spans and shape features, shared by the rules.
//!
//! Words keep internal hyphens and apostrophes ("U.S.-Russia", "don't"); dotted acronyms and
//! known abbreviations keep their dots ("U.S.", "p.m.", "Mr.", "J."); a possessive "'s" is
//! its own token so "Trump's" yields the name "Trump". Quote marks are tokens of their own,
//! straight or curly, with the direction the glyph (or its position) tells.
//!
//! Invisible format characters (bidi marks, zero-width spaces, BOMs) separate tokens like
//! spaces do, and combining marks and zero-width joiners stay inside their word, so text
//! in decomposed form (NFD) or marked up for right-to-left display yields the same names.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use super::lexicon::lexicon;
use super::mentions::WordLists;
use super::Span;

/// The direction of a quotation mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteDir {
    Open,
    Close,
    /// A straight `"`: its direction is decided by pairing, in the attribution pass.
    Either,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// A double quotation mark (straight or curly).
    Quote(QuoteDir),
    /// A single quotation mark used as a quote (‘ or a ’ that is not an apostrophe).
    SingleQuote(QuoteDir),
    Punct,
}

/// One token with its shape. Its lowercase form is borrowed from the buffer [`tokenize`]
/// wrote the text's lowercase forms into (`'a`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub span: Span,
    pub kind: TokenKind,
    /// Lowercased text, with curly apostrophes folded to `'` ([`Token::lower`]).
    lower: &'a str,
    /// First char is uppercase.
    pub cap: bool,
    /// Has at least two letters, all uppercase ("NATO", "FBI").
    pub all_caps: bool,
    /// A paragraph break separates this token from the previous one: a blank line, or any
    /// line break in a text written one paragraph a line.
    pub para_before: bool,
    /// The lexicon's word lists holding `lower`, as bits ([`WordLists`]):
    /// looked up once here for every rule that asks.
    pub lists: u32,
}

impl<'a> Token<'a> {
    /// The token's text lowercased, with curly apostrophes folded to `'`.
    pub fn lower(&self) -> &'a str {
        self.lower
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }

    pub fn is_quote(&self) -> bool {
        matches!(self.kind, TokenKind::Quote(_))
    }

    pub fn is(&self, lower: &str) -> bool {
        self.lower == lower
    }

    /// Whether this word opens an attribution shape other than a verb cue's
    /// ([`super::attribution::lead_shape_words`]).
    pub fn opens_lead_shape(&self) -> bool {
        self.lists & super::mentions::LEAD_SHAPE != 0
    }

    /// Whether this word is in one of the word lists of `bits` ([`Token::lists`]).
    pub fn in_lists(&self, bits: u32) -> bool {
        self.lists & bits != 0
    }

    /// Whether a cue can start with this word ([`super::lexicon::Lexicon::may_start_cue`]).
    pub fn may_start_cue(&self) -> bool {
        self.lists & super::mentions::CUE_START != 0
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.text(text)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Characters that show nothing and join nothing: bidi marks and embeddings, zero-width
/// space, word joiner and invisible operators, BOM, soft hyphen, NUL.
fn is_invisible(c: char) -> bool {
    // ASCII (nearly every char) holds only NUL among them.
    if c.is_ascii() {
        return c == '\0';
    }
    matches!(
        c,
        '\0' | '\u{00ad}'
            | '\u{061c}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// A char that continues the word before it: a letter or digit, a combining mark ("e" +
/// U+0301), or a zero-width (non-)joiner.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '\u{200c}' | '\u{200d}')
}

/// A text's chars by index, each with the byte offset it starts at: the rules look a few
/// chars around the one they read.
trait Chars {
    fn count(&self) -> usize;
    /// The char at `i`, `None` past the end.
    fn get(&self, i: usize) -> Option<char>;
    /// The byte offset of the char at `i`, `None` past the end.
    fn offset(&self, i: usize) -> Option<usize>;

    /// The char at `i`, which must be in the text.
    fn at(&self, i: usize) -> char {
        self.get(i).expect("a char index inside the text")
    }

    /// The index of the first char at or after `i` that does not continue a word.
    fn word_end(&self, mut i: usize) -> usize {
        while self.get(i).is_some_and(is_word_char) {
            i += 1;
        }
        i
    }
}

/// ASCII text (most news wire) read as it is: char `i` is byte `i`, so it needs no table.
struct Ascii<'a>(&'a [u8]);

impl Chars for Ascii<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn get(&self, i: usize) -> Option<char> {
        self.0.get(i).map(|&b| char::from(b))
    }

    fn offset(&self, i: usize) -> Option<usize> {
        (i < self.0.len()).then_some(i)
    }

    fn word_end(&self, i: usize) -> usize {
        // ASCII has no combining marks or joiners: a word goes on with letters and digits,
        // told by a table (one load a byte, where the two range tests took six instructions).
        let rest = self.0.get(i..).unwrap_or_default();
        i + rest
            .iter()
            .position(|&b| !ASCII_ALNUM[usize::from(b)])
            .unwrap_or(rest.len())
    }
}

/// Whether a byte is an ASCII letter or digit.
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Any other text, decoded once.
impl Chars for [(usize, char)] {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, i: usize) -> Option<char> {
        <[_]>::get(self, i).map(|&(_, c)| c)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        <[_]>::get(self, i).map(|&(b, _)| b)
    }
}

/// Tokenizes `text`. Never panics: every span lies on char boundaries.
///
/// The tokens' lowercase forms are written into `lower`, which the tokens borrow (one
/// buffer a text, not a `String` a token): the text with its ASCII letters lowercased, where
/// an ASCII token's form is at the token's own span, then the forms of the other tokens.
pub fn tokenize<'a>(text: &str, lower: &'a mut String) -> Vec<Token<'a>> {
    lower.clear();
    lower.push_str(text);
    lower.make_ascii_lowercase();
    if text.is_ascii() {
        return tokenize_ascii(text, lower);
    }
    let mut others = Vec::new();
    // Sized once (collecting `char_indices` grows the vector from a quarter of the text).
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
    chars.extend(text.char_indices());
    let toks = tokenize_chars(text, chars.as_slice(), lower, &mut others);
    // Every form is written: the tokens borrow them.
    let lower: &'a str = lower;
    let mut toks: Vec<Token<'a>> = toks;
    for t in &mut toks {
        t.lower = &lower[t.span.start..t.span.end];
    }
    for (i, form) in others {
        toks[i].lower = &lower[form];
    }
    toks
}

/// [`tokenize`] for ASCII text, read as bytes, `lower` being the text lowercased: the
/// tokens of [`tokenize_chars`] (a test compares them), with what most tokens are (a space
/// before, a plain word) decided from a byte, and the rules' rare cases left to the
/// functions both share.
fn tokenize_ascii<'a>(text: &str, lower: &'a str) -> Vec<Token<'a>> {
    let bytes = text.as_bytes();
    let chars = Ascii(bytes);
    let mut out = Vec::with_capacity(text.len() / 5);
    let lists = WordLists::get();
    let mut i = 0;
    let mut newlines = 0usize;
    let breaks_at = if one_paragraph_a_line(text) { 1 } else { 2 };
    while let Some(&b) = bytes.get(i) {
        // ASCII's whitespace (`char::is_whitespace`) and its one invisible char, NUL.
        if matches!(b, b' ' | b'\t'..=b'\r' | b'\0') {
            newlines += usize::from(b == b'\n');
            i += 1;
            continue;
        }
        let para_before = newlines >= breaks_at;
        newlines = 0;
        let (end, kind) = if b.is_ascii_alphanumeric() {
            scan_word_ascii(&chars, lower, i)
        } else {
            scan_mark(&chars, i)
        };
        let raw = &bytes[i..end];
        let form = &lower[i..end];
        // All caps is no lowercase letter and two letters at least: letters are counted
        // only in a word with no lowercase (few words).
        let all_caps = !raw.iter().any(u8::is_ascii_lowercase)
            && raw
                .iter()
                .filter(|b| b.is_ascii_alphabetic())
                .nth(1)
                .is_some();
        out.push(Token {
            span: Span::new(i, end),
            kind,
            lower: form,
            cap: b.is_ascii_uppercase(),
            all_caps,
            para_before,
            lists: lists.of_at(lower, i, end),
        });
        i = end;
    }
    out
}

/// [`scan_word`] in ASCII text, `lower` being the text lowercased.
fn scan_word_ascii(chars: &Ascii, lower: &str, start: usize) -> (usize, TokenKind) {
    let bytes = chars.0;
    let mut i = start;
    loop {
        i = chars.word_end(i);
        // Only these go on a word in ASCII text (the curly apostrophe and the en dash are
        // not ASCII).
        if matches!(bytes.get(i), Some(b'\'' | b'-' | b',' | b'.' | b':'))
            && word_goes_on(chars, start, i)
        {
            i += 1;
        } else {
            break;
        }
    }
    let is_num = !bytes[start..i].iter().any(u8::is_ascii_alphabetic);
    // "Mr." and the initial "J." keep their dot.
    if bytes.get(i) == Some(&b'.') && !is_num {
        let initial = i - start == 1 && bytes[start].is_ascii_uppercase();
        if initial || lexicon().abbreviations.contains(&lower[start..i]) {
            i += 1;
        }
    }
    let kind = if is_num {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    (i, kind)
}

/// [`tokenize`] over the chars of `text`, `lower` holding the text with its ASCII letters
/// lowercased. The tokens' forms are left empty; the form of a token that is not ASCII is
/// appended to `lower`, and its place to `others`.
fn tokenize_chars<C: Chars + ?Sized>(
    text: &str,
    chars: &C,
    lower: &mut String,
    others: &mut Vec<(usize, Range<usize>)>,
) -> Vec<Token<'static>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let lists = WordLists::get();
    let mut i = 0;
    let mut newlines = 0usize;
    let breaks_at = if one_paragraph_a_line(text) { 1 } else { 2 };
    while i < chars.count() {
        let c = chars.at(i);
        if c.is_whitespace() || is_invisible(c) {
            if c == '\n' {
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let para_before = newlines >= breaks_at;
        newlines = 0;
        let (end_i, kind) = if c.is_alphanumeric() {
            scan_word(chars, i)
        } else {
            scan_mark(chars, i)
        };
        let (start_b, end_b) = (
            chars.offset(i).unwrap_or(text.len()),
            chars.offset(end_i).unwrap_or(text.len()),
        );
        let span = Span::new(start_b, end_b);
        let (token, form) = make_token(text, lower, span, kind, para_before, lists);
        if let Some(form) = form {
            others.push((out.len(), form));
        }
        out.push(token);
        i = end_i;
    }
    out
}

/// Whether a line break alone ends a paragraph. Paragraphs are separated by a blank line,
/// but some sites write one paragraph a line with none between (a headline and the first
/// paragraph may still have one): their lines are long, over 120 bytes on average.
/// Hard-wrapped text, whose lines are short, keeps needing a blank line.
fn one_paragraph_a_line(text: &str) -> bool {
    let (mut lines, mut bytes) = (0usize, 0usize);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        bytes += line.len();
    }
    lines > 1 && bytes > 120 * lines
}

/// Scans a token starting at `i` that does not start with a letter or digit: a possessive
/// "'s", an apostrophe or two, or a one-char mark. Returns the index one past it and its kind.
fn scan_mark<C: Chars + ?Sized>(chars: &C, i: usize) -> (usize, TokenKind) {
    let c = chars.at(i);
    if is_apostrophe(c) && i > 0 && !chars.at(i - 1).is_whitespace() && is_possessive(chars, i) {
        (i + 2, TokenKind::Word)
    } else if c == '\''
        && i > 0
        && !chars.at(i - 1).is_whitespace()
        && (1..3).all(|k| chars.get(i + k) == Some('\''))
    {
        // Three apostrophes after a word close a single quote nested in a double one
        // (`''... 'a special case,'''`): the single mark comes first.
        (i + 1, TokenKind::SingleQuote(QuoteDir::Close))
    } else if c == '\'' && chars.get(i + 1) == Some('\'') {
        // Two apostrophes stand for a double quote in some newspapers' text.
        (i + 2, TokenKind::Quote(straight_quote_dir(chars, i, i + 2)))
    } else {
        (i + 1, punct_kind(chars, i))
    }
}

/// The kind of a one-char token at `i`.
fn punct_kind<C: Chars + ?Sized>(chars: &C, i: usize) -> TokenKind {
    let c = chars.at(i);
    let prev_space = i == 0 || chars.at(i - 1).is_whitespace();
    match c {
        '“' | '„' | '«' => TokenKind::Quote(QuoteDir::Open),
        '”' | '»' => TokenKind::Quote(QuoteDir::Close),
        '"' => TokenKind::Quote(straight_quote_dir(chars, i, i + 1)),
        '‘' => TokenKind::SingleQuote(QuoteDir::Open),
        '’' | '\'' if prev_space => TokenKind::SingleQuote(QuoteDir::Open),
        '’' | '\'' => TokenKind::SingleQuote(QuoteDir::Close),
        _ => TokenKind::Punct,
    }
}

/// The direction of a straight quote spanning chars `[i, end)`, from the spaces around it:
/// space (or text start, or a bracket) before and a non-space after opens; the reverse
/// closes; anything else is left to pairing.
fn straight_quote_dir<C: Chars + ?Sized>(chars: &C, i: usize, end: usize) -> QuoteDir {
    let before = i.checked_sub(1).map(|j| chars.at(j));
    let after = chars.get(end);
    let open_side = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c));
    let is_open = open_side(before) && after.is_some_and(|c| !c.is_whitespace());
    let is_close =
        !open_side(before) && after.is_none_or(|c| c.is_whitespace() || ",.;:!?)]}—–-".contains(c));
    match (is_open, is_close) {
        (true, false) => QuoteDir::Open,
        (false, true) => QuoteDir::Close,
        _ => QuoteDir::Either,
    }
}

/// Scans a word starting at `i`; returns the index one past it and its kind.
fn scan_word<C: Chars + ?Sized>(chars: &C, start: usize) -> (usize, TokenKind) {
    let mut i = start;
    loop {
        i = chars.word_end(i);
        if word_goes_on(chars, start, i) {
            i += 1;
        } else {
            break;
        }
    }
    let is_num = (start..i).all(|j| !chars.at(j).is_alphabetic());
    // "Mr." and the initial "J." keep their dot.
    if chars.get(i) == Some('.') && !is_num {
        let word: String = (start..i).map(|j| chars.at(j)).collect();
        let lower = word.to_lowercase();
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        if initial || lexicon().abbreviations.contains(&lower) {
            i += 1;
        }
    }
    let kind = if is_num {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    (i, kind)
}

/// Whether the word started at `start` goes on over the char at `i`, which follows a run of
/// word chars: an inner apostrophe or hyphen, a digit separator, an acronym's dot, a site's
/// dot.
fn word_goes_on<C: Chars + ?Sized>(chars: &C, start: usize, i: usize) -> bool {
    let at = |j: usize| chars.get(j);
    let next_alnum = || at(i + 1).is_some_and(char::is_alphanumeric);
    match at(i) {
        // A possessive 's ends the word: it becomes its own token.
        Some(c) if is_apostrophe(c) && is_possessive(chars, i) => false,
        Some(c) if (is_apostrophe(c) || c == '-' || c == '–') && next_alnum() => true,
        // Digits with separators: 1,000 and 3.5.
        Some(',' | '.' | ':')
            if next_alnum()
                && at(i - 1).is_some_and(|c| c.is_ascii_digit())
                && at(i + 1).is_some_and(|c| c.is_ascii_digit()) =>
        {
            true
        }
        Some('.') if is_acronym_dot(chars, start, i) => true,
        // "Gawker.com", "Change.org": a site's name is one word.
        Some('.') if i > start && domain_suffix_at(chars, i + 1) => true,
        _ => false,
    }
}

/// Whether a web domain's last part ("com", "org") starts at `i` and ends the word.
fn domain_suffix_at<C: Chars + ?Sized>(chars: &C, i: usize) -> bool {
    const SUFFIXES: &[&str] = &["com", "org", "net", "gov", "edu", "io", "info"];
    let len = (i..chars.count())
        .take_while(|&j| chars.at(j).is_ascii_lowercase())
        .count();
    let suffix: String = (i..i + len).map(|j| chars.at(j)).collect();
    let ends = !chars.get(i + len).is_some_and(char::is_alphanumeric);
    ends && SUFFIXES.contains(&suffix.as_str())
}

/// Whether the apostrophe at `i` starts a possessive "'s" (followed by s and a non-letter).
fn is_possessive<C: Chars + ?Sized>(chars: &C, i: usize) -> bool {
    let s = chars.get(i + 1);
    let after = chars.get(i + 2);
    matches!(s, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric)
}

/// Whether the dot at `i` is inside a dotted acronym: single letters separated by dots
/// ("U.S.", "p.m.", "D.C."), also after a hyphen ("D-N.Y.", a party and state).
fn is_acronym_dot<C: Chars + ?Sized>(chars: &C, start: usize, i: usize) -> bool {
    let segment_len = (start..i)
        .rev()
        .take_while(|&j| !matches!(chars.at(j), '.' | '-'))
        .count();
    if segment_len != 1 {
        return false;
    }
    let next = chars.get(i + 1);
    let next2 = chars.get(i + 2);
    // Either another letter-dot follows ("U.S"), or we are closing one ("U.S." after "U.S").
    let continues = next.is_some_and(char::is_alphabetic) && next2 == Some('.');
    let closes = i >= start + 2 && chars.at(i - 2) == '.';
    continues || closes
}

/// The token at `span`, its form left empty (see [`tokenize`]), and where its form is in
/// `lower` when that is not at its span (a token that is not ASCII).
fn make_token(
    text: &str,
    lower: &mut String,
    span: Span,
    kind: TokenKind,
    para_before: bool,
    lists: &WordLists,
) -> (Token<'static>, Option<Range<usize>>) {
    let raw = span.text(text);
    // ASCII (nearly every token) is lowercased already, at its span; it holds no curly
    // apostrophe, and its shape is read from bytes. All caps is no lowercase letter and two
    // letters at least: letters are counted only in a word with no lowercase (few words).
    let (form, cap, all_caps) = if raw.is_ascii() {
        let bytes = raw.as_bytes();
        let all_caps = !bytes.iter().any(u8::is_ascii_lowercase)
            && bytes
                .iter()
                .filter(|b| b.is_ascii_alphabetic())
                .nth(1)
                .is_some();
        (
            None,
            bytes.first().is_some_and(u8::is_ascii_uppercase),
            all_caps,
        )
    } else {
        let all_caps = !raw.chars().any(char::is_lowercase)
            && raw.chars().filter(|c| c.is_alphabetic()).nth(1).is_some();
        let from = lower.len();
        lower.push_str(&raw.to_lowercase().replace('’', "'"));
        (
            Some(from..lower.len()),
            raw.chars().next().is_some_and(char::is_uppercase),
            all_caps,
        )
    };
    let word = match &form {
        Some(form) => &lower[form.clone()],
        None => &lower[span.start..span.end],
    };
    let token = Token {
        span,
        kind,
        lists: lists.of(word),
        lower: "",
        cap,
        all_caps,
        para_before,
    };
    (token, form)
}

/// The token index range of each sentence: tokens whose start lies inside it.
pub fn sentence_ranges(toks: &[Token<'_>], sentences: &[Span]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut i = 0;
    for s in sentences {
        while i < toks.len() && toks[i].span.start < s.start {
            i += 1;
        }
        let from = i;
        while i < toks.len() && toks[i].span.start < s.end {
            i += 1;
        }
        out.push(from..i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tokens_lists_are_the_lexicons() {
        let lex = lexicon();
        let mut text = String::from("Mr. Smith said, “We will not,” and U.S. officials warned it ");
        for w in lex.cue_starts() {
            text.push_str(w);
            text.push(' ');
        }
        for t in tokenize(&text, &mut String::new()) {
            assert_eq!(
                t.may_start_cue(),
                lex.may_start_cue(t.lower()),
                "{}",
                t.lower()
            );
            assert_eq!(t.lists, WordLists::get().of(t.lower()));
        }
    }

    /// ASCII text read as bytes ([`tokenize_ascii`]) gives the tokens the char table gives
    /// ([`tokenize_chars`]): on the samples made ASCII, and on random texts of the chars
    /// and words the rules look at.
    #[test]
    fn ascii_text_reads_as_the_char_table_reads_it() {
        let samples = crate::nlp::SAMPLE_TEXTS;
        let mut texts: Vec<String> = samples
            .iter()
            .map(|t| {
                t.chars()
                    .map(|c| match c {
                        c if c.is_ascii() => c,
                        '‘' | '’' => '\'',
                        '“' | '”' => '"',
                        '—' | '–' => '-',
                        _ => 'x',
                    })
                    .collect()
            })
            .collect();
        let pieces = [
            "a", "B", "s", "S", "t", "1", "7", ".", ",", ":", "'", "-", " ", " ", "\n", "\n\n",
            "\"", "(", ")", "\t", "\r", "\0", "\u{b}", "Mr", "com", "org", "U", "p", "m", "Jr",
            "Inc", "NATO", "said", "''", "'''", "?", "!", "[", "--",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let n = 1 + next() % 24;
            texts.push(
                (0..n)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect(),
            );
        }
        for text in &texts {
            assert!(text.is_ascii());
            let mut lower = String::new();
            let fast = tokenize(text, &mut lower);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut slow_lower = text.to_ascii_lowercase();
            let mut others = Vec::new();
            let slow = tokenize_chars(text, chars.as_slice(), &mut slow_lower, &mut others);
            assert!(others.is_empty());
            assert_eq!(fast.len(), slow.len(), "{text:?}");
            for (f, s) in fast.iter().zip(&slow) {
                let s = Token {
                    lower: &slow_lower[s.span.start..s.span.end],
                    ..s.clone()
                };
                assert_eq!(*f, s, "{text:?}");
            }
        }
    }

    fn words(text: &str) -> Vec<String> {
        tokenize(text, &mut String::new())
            .iter()
            .map(|t| t.text(text).to_string())
            .collect()
    }

    #[test]
    fn invisible_marks_separate_and_combining_marks_join() {
        assert_eq!(
            words("\u{200f}Benjamin Netanyahu\u{200f} said\u{feff} it"),
            ["Benjamin", "Netanyahu", "said", "it"]
        );
        assert_eq!(
            words("Zoe\u{308} Saldan\u{303}a said"),
            ["Zoe\u{308}", "Saldan\u{303}a", "said"]
        );
        assert_eq!(words("Rubio\0said"), ["Rubio", "said"]);
    }

    #[test]
    fn a_site_s_name_is_one_word() {
        assert_eq!(
            words("Gawker.com said. Sales at Amazon.com rose. It ended.com"),
            [
                "Gawker.com",
                "said",
                ".",
                "Sales",
                "at",
                "Amazon.com",
                "rose",
                ".",
                "It",
                "ended.com"
            ]
        );
        assert_eq!(words("the end.Com"), ["the", "end", ".", "Com"]);
    }

    #[test]
    fn keeps_acronyms_abbreviations_and_splits_possessives() {
        assert_eq!(
            words("Mr. Trump’s U.S.-Russia plan, J. Smith said."),
            vec![
                "Mr.",
                "Trump",
                "’s",
                "U.S.-Russia",
                "plan",
                ",",
                "J.",
                "Smith",
                "said",
                "."
            ]
        );
        assert_eq!(words("the U.S. Army"), vec!["the", "U.S.", "Army"]);
        assert_eq!(words("at 3 p.m. today"), vec!["at", "3", "p.m.", "today"]);
        assert_eq!(
            words("Schumer (D-N.Y.) said"),
            vec!["Schumer", "(", "D-N.Y.", ")", "said"]
        );
        assert_eq!(words("1,000.5 votes"), vec!["1,000.5", "votes"]);
    }

    #[test]
    fn marks_quotes_and_shapes() {
        let mut lower = String::new();
        let toks = tokenize("“Yes,” NATO said \"no\"", &mut lower);
        assert_eq!(toks[0].kind, TokenKind::Quote(QuoteDir::Open));
        assert_eq!(toks[3].kind, TokenKind::Quote(QuoteDir::Close));
        assert!(toks[4].all_caps && toks[4].cap);
        assert_eq!(toks[6].kind, TokenKind::Quote(QuoteDir::Open));
        let mut lower = String::new();
        let toks = tokenize("''Yes,'' he said.", &mut lower);
        assert_eq!(toks[0].kind, TokenKind::Quote(QuoteDir::Open));
        assert_eq!(toks[3].kind, TokenKind::Quote(QuoteDir::Close));
        // A nested single quote closing with the double one: `'` then `''`.
        let mut lower = String::new();
        let toks = tokenize("''We hear 'no,''' he said.", &mut lower);
        assert_eq!(toks[6].kind, TokenKind::SingleQuote(QuoteDir::Close));
        assert_eq!(toks[7].kind, TokenKind::Quote(QuoteDir::Close));
    }

    #[test]
    fn survives_odd_text() {
        for text in [
            "",
            "\0\0",
            "🙂 he said 🙂.",
            "שלום said",
            "a\u{0}b’",
            "'",
            "U.",
            "x.y",
        ] {
            for t in tokenize(text, &mut String::new()) {
                assert!(text.get(t.span.start..t.span.end).is_some());
            }
        }
    }

    #[test]
    fn notes_paragraph_breaks() {
        let mut lower = String::new();
        let toks = tokenize("U.S.\n\nSecretary", &mut lower);
        assert!(toks[1].para_before);
    }

    #[test]
    fn a_line_break_ends_a_paragraph_only_in_text_written_one_paragraph_a_line() {
        let long = "The senator said the bill would come to the floor next week, after the recess, whatever the leadership thinks of its chances.";
        let one_a_line = format!("{long}\n{long}");
        assert!(tokenize(&one_a_line, &mut String::new())
            .iter()
            .any(|t| t.para_before));
        let wrapped = "The senator said the bill would come\nto the floor next week.";
        assert!(!tokenize(wrapped, &mut String::new())
            .iter()
            .any(|t| t.para_before));
    }
}
