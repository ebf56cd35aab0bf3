//! The `en_stem` tokenizer with the stemmer's answers remembered.
//!
//! Tantivy's `en_stem` (split on non-alphanumerics, drop tokens over 40 bytes, lowercase,
//! Snowball English) stemmed every token afresh: a fifth of ingest's instructions, since
//! news repeats a small vocabulary (and a statement's sentence is indexed again as its
//! context). Here the same pipeline asks the same stemmer once per distinct word and
//! thread, then copies the remembered stem: the terms are the ones tantivy's own `en_stem`
//! makes, so indexes built before or after read alike.
//! Calls only tantivy and `rustc-hash`.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words remembered per thread before the memo starts afresh (a few MB at most; news
/// vocabulary mostly fits).
const MEMO_WORDS: usize = 100_000;

/// The analyzer registered as `en_stem`: tantivy's, with the stemmer memoised.
pub fn en_stem() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(MemoStemmer)
        .build()
}

/// Tantivy's English [`Stemmer`], its results remembered per thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct MemoStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        MEMO.with(|memo| memo.borrow_mut().stem(text));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::new());
}

/// Stems seen on this thread, and the stemmer for the rest: tantivy's own filter over the
/// word as a single token, so a stem is what tantivy's `en_stem` would make of it.
struct Memo {
    stems: FxHashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl Memo {
    fn new() -> Self {
        Memo {
            stems: FxHashMap::default(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }

    /// Replace `word` by its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            if stem.as_str() != word.as_str() {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(word);
            if stream.advance() {
                stream.token().text.clone()
            } else {
                word.clone()
            }
        };
        if self.stems.len() >= MEMO_WORDS {
            self.stems.clear();
        }
        let seen = std::mem::replace(word, stem);
        self.stems.insert(seen, word.clone());
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
                    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa x 1990s U.S.";
        // Twice: the second pass is answered from the memo.
        for _ in 0..2 {
            assert_eq!(terms(en_stem(), text), terms(tantivy_en_stem.clone(), text));
        }
    }

    #[test]
    fn a_full_memo_starts_afresh() {
        let mut memo = Memo::new();
        for i in 0..MEMO_WORDS + 10 {
            let mut w = format!("walking{i}");
            memo.stem(&mut w);
        }
        assert!(memo.stems.len() <= MEMO_WORDS);
        let mut w = "walking".to_string();
        memo.stem(&mut w);
        assert_eq!(w, "walk");
    }
}
