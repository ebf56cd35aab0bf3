//! The `en_stem` tokenizer in one pass, its terms remembered.
//!
//! Tantivy's `en_stem` splits on non-alphanumerics, drops tokens of 40 bytes or more,
//! lowercases and stems (Snowball English), each stage a filter over the one before.
//! Stemming every token afresh was a fifth of ingest's instructions, since news repeats a
//! small vocabulary (and a statement's sentence is indexed again as its context); with the
//! stems remembered, the stages' char-by-char splitting, copying and lowercasing of every
//! token remained. Here one stream splits (a byte at a time over ASCII) and looks each
//! word up, as written, in a per-thread memo of the term tantivy's own lowercasing and
//! stemmer make of it, asked once per distinct word: the terms, offsets and positions are
//! the ones tantivy's `en_stem` makes (a test compares them), so indexes built before or
//! after read alike.
//! Calls only tantivy and `rustc-hash`.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words remembered per thread before the memo starts afresh (a few MB at most; news
/// vocabulary mostly fits).
const MEMO_WORDS: usize = 100_000;

/// Tantivy's `RemoveLongFilter::limit(40)`: a word of this many bytes or more is dropped
/// (it still takes a position).
const LONG_WORD_BYTES: usize = 40;

/// Texts at least this long are remembered with their tokens ([`Recent`]): sentences are;
/// the short fields (a cue, a role, a setting) are not worth a copy.
const REPLAY_MIN_BYTES: usize = 64;

/// How many long texts are remembered per thread: a statement's record indexes its
/// sentence (`context`) after its content, so the sentence must outlast a text or two.
const REPLAY_TEXTS: usize = 4;

/// The analyzer registered as `en_stem`.
pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::from(EnStem::default())
}

/// Tantivy's `SimpleTokenizer`, `RemoveLongFilter::limit(40)`, `LowerCaser` and English
/// `Stemmer` as one tokenizer.
#[derive(Clone, Debug, Default)]
pub struct EnStem {
    token: Token,
}

impl Tokenizer for EnStem {
    type TokenStream<'a> = EnStemStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> EnStemStream<'a> {
        self.token.reset();
        let (replay, record) = if text.len() < REPLAY_MIN_BYTES {
            (None, None)
        } else {
            match MEMO.with(|memo| memo.borrow().recent.find(text)) {
                Some(tokens) => (Some(tokens), None),
                None => (None, Some(Tokens::new(text))),
            }
        };
        EnStemStream {
            text,
            at: 0,
            token: &mut self.token,
            replay,
            replayed: 0,
            record,
        }
    }
}

pub struct EnStemStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts (a char boundary).
    at: usize,
    token: &'a mut Token,
    /// The tokens of this same text, made before: handed out instead of reading the text.
    replay: Option<Rc<Tokens>>,
    /// How many of `replay` have been handed out.
    replayed: usize,
    /// The tokens handed out so far, to remember once the text is read to its end.
    record: Option<Tokens>,
}

impl TokenStream for EnStemStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        if let Some(tokens) = &self.replay {
            let Some(t) = tokens.tokens.get(self.replayed) else {
                return false;
            };
            self.replayed += 1;
            self.token.text.push_str(&tokens.terms[t.term.clone()]);
            (self.token.offset_from, self.token.offset_to) = (t.from, t.to);
            self.token.position = t.position;
            return true;
        }
        while let Some((from, to)) = next_word(self.text, self.at) {
            self.at = to;
            // Every word takes a position, a dropped one too, as in tantivy's pipeline.
            self.token.position = self.token.position.wrapping_add(1);
            if to - from >= LONG_WORD_BYTES {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            let word = &self.text[from..to];
            MEMO.with(|memo| memo.borrow_mut().term(word, &mut self.token.text));
            if let Some(record) = &mut self.record {
                record.push(self.token);
            }
            return true;
        }
        // Read to its end: remembered whole (a stream left halfway is not).
        if let Some(record) = self.record.take() {
            MEMO.with(|memo| memo.borrow_mut().recent.remember(record));
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The byte range of the first run of alphanumeric chars at or after `at` (a char
/// boundary), as tantivy's `SimpleTokenizer` splits. ASCII bytes, nearly all of news
/// text, are read as they are; any other char is decoded.
fn next_word(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = at;
    let from = loop {
        let b = *bytes.get(i)?;
        if b.is_ascii_alphanumeric() {
            break i;
        }
        if b.is_ascii() {
            i += 1;
            continue;
        }
        let (alnum, len) = char_at(text, i)?;
        if alnum {
            break i;
        }
        i += len;
    };
    i = from;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match char_at(text, i) {
                Some((true, len)) => i += len,
                _ => break,
            }
        }
    }
    Some((from, i))
}

/// Whether the char at byte `i` (a char boundary) is alphanumeric, and its length; `None`
/// at the end of the text.
fn char_at(text: &str, i: usize) -> Option<(bool, usize)> {
    let c = text.get(i..)?.chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::new());
}

/// The tokens of one text, as this stream makes them.
struct Tokens {
    text: String,
    /// Every token's term, one after another.
    terms: String,
    tokens: Vec<MadeToken>,
}

/// One token of [`Tokens`]: its term's place in `terms`, its offsets and position.
struct MadeToken {
    term: std::ops::Range<usize>,
    from: usize,
    to: usize,
    position: usize,
}

impl Tokens {
    fn new(text: &str) -> Self {
        Tokens {
            text: text.to_string(),
            terms: String::with_capacity(text.len()),
            tokens: Vec::with_capacity(text.len() / 6),
        }
    }

    fn push(&mut self, token: &Token) {
        let start = self.terms.len();
        self.terms.push_str(&token.text);
        self.tokens.push(MadeToken {
            term: start..self.terms.len(),
            from: token.offset_from,
            to: token.offset_to,
            position: token.position,
        });
    }
}

/// The last [`REPLAY_TEXTS`] long texts read on this thread, with their tokens: a
/// statement's record indexes its sentence again (`context`) just after the sentence's
/// own record (`text`), and the words need not be split and looked up twice.
#[derive(Default)]
struct Recent {
    texts: Vec<Rc<Tokens>>,
    /// The slot the next text takes once `texts` is full.
    next: usize,
}

impl Recent {
    fn find(&self, text: &str) -> Option<Rc<Tokens>> {
        self.texts.iter().find(|t| t.text == text).cloned()
    }

    fn remember(&mut self, tokens: Tokens) {
        let tokens = Rc::new(tokens);
        if self.texts.len() < REPLAY_TEXTS {
            self.texts.push(tokens);
        } else {
            self.texts[self.next] = tokens;
            self.next = (self.next + 1) % REPLAY_TEXTS;
        }
    }
}

/// Terms seen on this thread by the word as written, and tantivy's own lowercasing and
/// stemmer for the rest; and the last long texts read, with their tokens.
struct Memo {
    terms: FxHashMap<String, String>,
    stages: TextAnalyzer,
    recent: Recent,
}

impl Memo {
    fn new() -> Self {
        Memo {
            terms: FxHashMap::default(),
            recent: Recent::default(),
            stages: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }

    /// Write the term of `word` (one alphanumeric run, as written) into `out`.
    fn term(&mut self, word: &str, out: &mut String) {
        if let Some(term) = self.terms.get(word) {
            out.push_str(term);
            return;
        }
        let term = {
            let mut stream = self.stages.token_stream(word);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                word.to_string()
            }
        };
        if self.terms.len() >= MEMO_WORDS {
            self.terms.clear();
        }
        out.push_str(&term);
        self.terms.insert(word.to_string(), term);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn the_memo_stems_as_tantivy_does() {
        let tantivy_en_stem = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy's en_stem");
        let text = "The ministers said, repeatedly SAYING it: running runs ran; Ünïcödé \
                    Straße naïve cafés généralement. The ministers' said running again \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x 1990s U.S. \
                    ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ éééééééééééééééééééé ΟΔΥΣΣΕΥΣ İstanbul \
                    “Quoted”—dashes…and\u{200b}zero\u{0301}width ½ ２０２６ 🙂emoji🙂 x\u{0}y \
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        // Twice: the second pass is answered from the memo.
        for _ in 0..2 {
            assert_eq!(terms(en_stem(), text), terms(tantivy_en_stem.clone(), text));
        }
    }

    /// A long text read again is replayed from its remembered tokens, also after other
    /// texts and after a stream of it left halfway (which is not remembered).
    #[test]
    fn a_text_read_again_makes_the_same_terms() {
        let tantivy_en_stem = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy's en_stem");
        let sentence = "The ministers said on Tuesday that the talks, which began in 1990s \
                        Geneva, would resume “soon” — naïvely, perhaps.";
        let other = "Another sentence, long enough to be remembered as well, about something else.";
        let mut analyzer = en_stem();
        let mut halfway = analyzer.token_stream(sentence);
        assert!(halfway.advance() && halfway.advance());
        drop(halfway);
        for text in [sentence, other, sentence, "short", other, sentence] {
            assert_eq!(terms(en_stem(), text), terms(tantivy_en_stem.clone(), text));
        }
        MEMO.with(|memo| assert!(memo.borrow().recent.find(sentence).is_some()));
    }

    #[test]
    fn the_sample_news_makes_tantivy_s_terms() {
        let tantivy_en_stem = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy's en_stem");
        let news = include_str!("../corpus/sample/wikinews.jsonl");
        assert_eq!(terms(en_stem(), news), terms(tantivy_en_stem, news));
    }

    #[test]
    fn a_full_memo_starts_afresh() {
        let mut memo = Memo::new();
        let mut out = String::new();
        for i in 0..MEMO_WORDS + 10 {
            out.clear();
            memo.term(&format!("walking{i}"), &mut out);
        }
        assert!(memo.terms.len() <= MEMO_WORDS);
        out.clear();
        memo.term("Walking", &mut out);
        assert_eq!(out, "walk");
    }
}
