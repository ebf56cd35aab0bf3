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
//! after read alike. A sentence's words are split and looked up once: its statements'
//! copies of it (`context`) and stretches of it (`content`) replay its tokens.
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

/// Texts at least this long are looked for among the remembered ones, as a whole or as a
/// stretch of one (a statement's content within its sentence).
const WITHIN_MIN_BYTES: usize = 16;

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
        let (replay, record) = if text.len() < WITHIN_MIN_BYTES {
            (None, None)
        } else {
            match MEMO.with(|memo| memo.borrow().recent.find(text)) {
                Some(replay) => (Some(replay), None),
                None if text.len() >= REPLAY_MIN_BYTES => (None, Some(Tokens::new(text))),
                None => (None, None),
            }
        };
        let next = replay.as_ref().map_or(0, |r| r.tokens.start);
        EnStemStream {
            text,
            at: 0,
            token: &mut self.token,
            replay,
            next,
            record,
        }
    }
}

pub struct EnStemStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts (a char boundary).
    at: usize,
    token: &'a mut Token,
    /// The tokens of this same text, made before (as a text of its own or within a longer
    /// one): handed out instead of reading the text.
    replay: Option<Replay>,
    /// The next of `replay`'s tokens to hand out.
    next: usize,
    /// The tokens handed out so far, to remember once the text is read to its end.
    record: Option<Tokens>,
}

impl TokenStream for EnStemStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        if let Some(replay) = &self.replay {
            if self.next >= replay.tokens.end {
                return false;
            }
            let made = &replay.made;
            let t = &made.tokens[self.next];
            self.next += 1;
            self.token.text.push_str(&made.terms[t.term.clone()]);
            self.token.offset_from = t.from - replay.shift;
            self.token.offset_to = t.to - replay.shift;
            self.token.position = t.position - replay.first_position;
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

/// Where `needle`, shorter than `haystack`, first occurs in it, if it is found soon: each
/// place its first byte occurs is compared in turn (a two-way searcher's set-up cost more
/// than the search, the texts being a sentence and a stretch of it), giving up after a few
/// times the haystack's length of bytes compared.
fn stretch_at(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.len() >= h.len() {
        return None;
    }
    let mut budget = 4 * h.len();
    for at in memchr::memchr_iter(*n.first()?, &h[..=h.len() - n.len()]) {
        if h[at..].starts_with(n) {
            return Some(at);
        }
        budget = budget.checked_sub(n.len())?;
    }
    None
}

/// Whether byte `i` of `text` falls inside a word: between two alphanumeric chars, or not
/// on a char boundary.
fn cuts_word(text: &str, i: usize) -> bool {
    if i == 0 || i >= text.len() {
        return false;
    }
    if !text.is_char_boundary(i) {
        return true;
    }
    let before = text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    before && text[i..].chars().next().is_some_and(char::is_alphanumeric)
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

/// The tokens a text makes, as a run of a remembered text's tokens.
struct Replay {
    made: Rc<Tokens>,
    /// Which of `made`'s tokens.
    tokens: std::ops::Range<usize>,
    /// Where the text starts in `made`'s text: subtracted from the offsets.
    shift: usize,
    /// The position of the text's first word in `made`: subtracted from the positions.
    first_position: usize,
}

impl Recent {
    /// The tokens `text` makes, when it is a remembered text or a stretch of one whose ends
    /// cut no word: a statement's content is nearly always a stretch of its sentence, read
    /// just before. Its words then make the same terms, at offsets and positions counted
    /// from its start.
    fn find(&self, text: &str) -> Option<Replay> {
        if let Some(made) = self.texts.iter().find(|t| t.text == text) {
            return Some(Replay {
                tokens: 0..made.tokens.len(),
                made: Rc::clone(made),
                shift: 0,
                first_position: 0,
            });
        }
        let (first_from, first_to) = next_word(text, 0)?;
        if first_to - first_from >= LONG_WORD_BYTES {
            return None; // it takes a position but makes no token to count from
        }
        self.texts.iter().find_map(|made| {
            let at = stretch_at(&made.text, text)?;
            let end = at + text.len();
            if cuts_word(&made.text, at) || cuts_word(&made.text, end) {
                return None;
            }
            let start = made.tokens.partition_point(|t| t.from < at);
            let stop = made.tokens.partition_point(|t| t.to <= end);
            let first = made.tokens.get(start)?;
            if first.from != at + first_from || stop < start {
                return None;
            }
            Some(Replay {
                tokens: start..stop,
                shift: at,
                first_position: first.position,
                made: Rc::clone(made),
            })
        })
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

    /// A stretch of a remembered text (a content within its sentence) makes the terms it
    /// makes alone, wherever it is cut: within a word, at a long word, at a non-ASCII char.
    #[test]
    fn a_stretch_of_a_text_read_before_makes_the_same_terms() {
        let tantivy_en_stem = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .expect("tantivy's en_stem");
        let sentence = "The Ministers said on Tuesday that naïve talks (begun in 1990s Genève) \
                        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa would resume “soon” — \
                        perhaps, said Mr. Ünal.";
        let cuts: Vec<usize> = (0..=sentence.len())
            .filter(|&i| sentence.is_char_boundary(i))
            .collect();
        let mut replayed = 0;
        for (n, &from) in cuts.iter().enumerate() {
            for &to in cuts[n..].iter().step_by(3) {
                let stretch = &sentence[from..to];
                assert_eq!(
                    terms(en_stem(), sentence),
                    terms(tantivy_en_stem.clone(), sentence)
                );
                let found = MEMO.with(|memo| memo.borrow().recent.find(stretch).is_some());
                replayed += usize::from(found && stretch.len() >= WITHIN_MIN_BYTES);
                assert_eq!(
                    terms(en_stem(), stretch),
                    terms(tantivy_en_stem.clone(), stretch),
                    "{stretch:?}"
                );
            }
        }
        assert!(replayed > 200, "{replayed} stretches replayed");
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
