//! Entry points for hostile input: the `cargo fuzz` targets in `fuzz/` call these, and
//! `tests/it/fuzz_regressions.rs` replays every input the fuzzers found (and a few hand-made
//! nasty ones) through the same functions on stable.
//!
//! Each takes raw bytes, feeds them to the library's real entry point for that kind of
//! input (article loaders, feed parsing and HTML to text, questions, a server's template,
//! the extractor) and checks the invariants the rest of the crate relies on. A broken
//! invariant comes back as an `Err` naming it; the fuzz target turns that into a crash.
//! Panics and hangs inside the library are found by the fuzzer itself.
//!
//! Not a public API: hidden from the docs, and free to change with the fuzz targets.

use std::path::Path;

use chrono::NaiveDate;
use url::Url;

use crate::corpus::{loader, Document, LoadOptions, MAX_ARTICLE_BYTES};
use crate::engine::{Engine, EngineError, EngineOptions};
use crate::feeds::{decode, html, parse};
use crate::nlp::{self, Analysis, Span};
use crate::qa::understand::Question;
use crate::render::{Renderer, MAX_MESSAGE_CHARS, TEMPLATES};

/// The outcome of one input: `Err` names the invariant it broke.
pub type Verdict = Result<(), String>;

/// A fixed "today" and publication date, so a finding replays the same way any day.
fn fixed_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 22).unwrap_or_default()
}

/// An article file's text through the front-matter reader, and its bytes through the JSON
/// Lines line reader and parser, as the loader reads a `.jsonl` file.
pub fn loaders(data: &[u8]) -> Verdict {
    let opts = LoadOptions {
        published: Some(fixed_date()),
    };
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = loader::parse_text_article("fuzz", &text, &opts) {
        check_document(&doc, "front matter")?;
    }
    let mut reader = data;
    let mut buf = Vec::new();
    let mut consumed = 0;
    for n in 1.. {
        let read = loader::read_line(&mut reader, &mut buf)
            .map_err(|e| format!("reading from memory failed: {e}"))?;
        let Some(read) = read else { break };
        consumed += read.bytes;
        if let Ok(doc) = read
            .text(&buf)
            .and_then(|t| loader::parse_jsonl_line(t, &opts))
        {
            check_document(&doc, &format!("JSON line {n}"))?;
        }
    }
    if consumed != data.len() {
        return Err(format!("lines of {consumed} bytes out of {}", data.len()));
    }
    Ok(())
}

fn check_document(doc: &Document, from: &str) -> Verdict {
    if doc.id.as_str().is_empty() {
        return Err(format!("{from}: a document with an empty id"));
    }
    if doc.text.trim().is_empty() {
        return Err(format!("{from}: a document with no text"));
    }
    if doc.text.len() > MAX_ARTICLE_BYTES {
        return Err(format!("{from}: a document over MAX_ARTICLE_BYTES"));
    }
    Ok(())
}

/// A fetched feed body through decoding and parsing, and the same bytes (as text) through
/// HTML to text and the mojibake repair on their own.
pub fn feed(data: &[u8]) -> Verdict {
    let base = Url::parse("https://feeds.example.org/news/rss.xml")
        .map_err(|e| format!("the base URL does not parse: {e}"))?;
    match parse::parse(data, None, &base) {
        Ok(feed) => check_feed(&feed)?,
        Err(message) if message.trim().is_empty() => {
            return Err("a feed refused with an empty message".to_string())
        }
        Err(_) => {}
    }
    let text = String::from_utf8_lossy(data);
    html::to_text(&text);
    decode::repair_mojibake(&text);
    Ok(())
}

fn check_feed(feed: &parse::ParsedFeed) -> Verdict {
    if feed.items.len() > parse::MAX_ITEMS {
        return Err(format!("{} items, over MAX_ITEMS", feed.items.len()));
    }
    for item in &feed.items {
        if item.text.trim().is_empty() || item.text.len() > MAX_ARTICLE_BYTES {
            return Err(format!("an item with {} bytes of text", item.text.len()));
        }
        if let Some(link) = &item.link {
            let scheme = Url::parse(link).map(|u| u.scheme().to_string());
            if !matches!(scheme.as_deref(), Ok("http" | "https")) {
                return Err(format!("an item link that is not http(s): {link:?}"));
            }
        }
    }
    Ok(())
}

/// An engine over the bundled sample corpus in `dir`, analysing on the calling thread:
/// what [`question`] asks.
pub fn sample_engine(dir: &Path) -> Result<Engine, EngineError> {
    let mut opts = EngineOptions::new(dir);
    opts.threads = 1;
    Engine::open(opts)
}

/// A chat question through parsing, retrieval, ranking and rendering, as the bot answers.
pub fn question(engine: &Engine, data: &[u8]) -> Verdict {
    let raw = String::from_utf8_lossy(data);
    let parsed = Question::parse(&raw);
    if parsed.text != raw.trim() {
        return Err("the parsed question's text is not the trimmed input".to_string());
    }
    match engine.ask_on(&raw, fixed_date()) {
        Ok(answer) => {
            let text = engine.render(&answer);
            if text.trim().is_empty() {
                return Err("an answer rendered to nothing".to_string());
            }
            Ok(())
        }
        Err(EngineError::EmptyQuestion | EngineError::QuestionTooLong(_)) => Ok(()),
        Err(e) => Err(format!("asking failed: {e}")),
    }
}

/// A server's own template through the exact check `/mod template set` runs; the first
/// byte picks which template it replaces. A template the check accepts must then render
/// the update post within Discord's limit.
pub fn template(renderer: &Renderer, data: &[u8]) -> Verdict {
    let Some((&pick, rest)) = data.split_first() else {
        return Ok(());
    };
    let name = TEMPLATES[usize::from(pick) % TEMPLATES.len()].0;
    let text = String::from_utf8_lossy(rest).into_owned();
    let overrides = [(name.to_string(), text)];
    if crate::moderation::check_overrides(renderer, &overrides).is_err() {
        return Ok(());
    }
    let own = renderer
        .with_overrides(&overrides)
        .map_err(|e| format!("accepted by the check, refused when built: {e}"))?;
    let post = own
        .render_update(&crate::render::samples::update_post())
        .map_err(|e| format!("accepted by the check, the update post fails: {e}"))?;
    if post.chars().count() > MAX_MESSAGE_CHARS {
        return Err(format!("an update post of {} chars", post.chars().count()));
    }
    Ok(())
}

/// Arbitrary text through the extractor and the `extract` JSON export.
pub fn extract(data: &[u8]) -> Verdict {
    let text = String::from_utf8_lossy(data);
    let analysis = nlp::analyze(&text, Some(fixed_date()));
    check_analysis(&text, &analysis)?;
    let record = nlp::export::article("fuzz", &text, &analysis);
    let chars = text.chars().count();
    for a in &record.attributions {
        let spans = [Some(&a.content), a.source.as_ref(), a.cue.as_ref()];
        for s in spans.into_iter().flatten() {
            if s.start > s.end || s.end > chars {
                return Err(format!("exported span {}..{} of {chars}", s.start, s.end));
            }
        }
    }
    serde_json::to_string(&record).map_err(|e| format!("the record does not serialise: {e}"))?;
    Ok(())
}

/// Every span of an analysis is in order, inside the text and on char boundaries, and every
/// sentence index points at a sentence.
pub fn check_analysis(text: &str, a: &Analysis) -> Verdict {
    let span_ok = |what: &str, s: &Span| {
        if s.start <= s.end && text.get(s.start..s.end).is_some() {
            Ok(())
        } else {
            Err(format!(
                "{what} span {}..{} is not on char boundaries of the text",
                s.start, s.end
            ))
        }
    };
    for s in &a.sentences {
        span_ok("sentence", s)?;
    }
    for m in &a.mentions {
        span_ok("mention", &m.span)?;
    }
    for t in &a.times {
        span_ok("time", &t.span)?;
        if t.sentence >= a.sentences.len() {
            return Err(format!(
                "a time in sentence {} of {}",
                t.sentence,
                a.sentences.len()
            ));
        }
    }
    for st in &a.statements {
        if st.content.is_empty() {
            return Err("a statement with no content".to_string());
        }
        for s in st
            .content
            .iter()
            .chain(&st.source)
            .chain(&st.cue)
            .chain(&st.setting)
        {
            span_ok("statement", s)?;
        }
        if st.sentence >= a.sentences.len() {
            return Err(format!(
                "a statement in sentence {} of {}",
                st.sentence,
                a.sentences.len()
            ));
        }
    }
    Ok(())
}
