//! Articles: the [`Document`] type, stable document ids, and the loaders that turn files into
//! documents (`.txt`, `.md` with front matter, `.jsonl`, directories).
//!
//! Owns parsing at the edge: once a `Document` exists its fields are valid (non-empty id,
//! text within limits, a parsed date). Calls nothing else in the crate.

mod frontmatter;
pub mod loader;
pub mod sample;

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use loader::{load_paths, JsonLines, LoadError, LoadOptions, MAX_LINE_BYTES};

/// The largest article we accept, in bytes of UTF-8 text. Longer texts are refused with a
/// clear error rather than truncated: a cut article would cite sentences out of context.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;

/// A stable document id: the article's own id when it has one, else derived from its
/// source and URL, else from its text (so re-ingesting the same article replaces it).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(String);

impl DocId {
    /// An id as given by the article. Surrounding space is dropped; an empty id is refused.
    pub fn parse(raw: &str) -> Option<Self> {
        let id = raw.trim();
        if id.is_empty() || id.len() > 512 {
            None
        } else {
            Some(DocId(id.to_string()))
        }
    }

    /// The id of an article without one: from its URL when it has one, else its text.
    pub fn derive(source: Option<&str>, url: Option<&str>, text: &str) -> Self {
        match url {
            Some(url) => DocId(format!(
                "url-{}",
                short_hash(&format!("{}\n{}", source.unwrap_or(""), url))
            )),
            None => DocId(format!("text-{}", text_hash(text))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    /// The publisher or feed: "Reuters", "Wikinews".
    pub source: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
}

impl Document {
    /// A hash of the text with whitespace folded, so the same article ingested twice under
    /// different ids is recognised.
    pub fn text_hash(&self) -> String {
        text_hash(&self.text)
    }

    /// The key that identifies "the same source and URL", if the article has a URL.
    pub fn url_key(&self) -> Option<String> {
        self.url
            .as_deref()
            .map(|u| short_hash(&format!("{}\n{}", self.source.as_deref().unwrap_or(""), u)))
    }

    /// A title for display: the article's own, else its first line, shortened.
    pub fn display_title(&self) -> String {
        if let Some(t) = self.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return t.trim().to_string();
        }
        let first = self
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        shorten(first.trim(), 80)
    }
}

/// Parse a publication date: an ISO 8601 date, or a date-time (with or without an offset;
/// the date is taken as written), or an RFC 2822 date as feeds write them.
pub fn parse_published(raw: &str) -> Result<NaiveDate, String> {
    let s = raw.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.date_naive());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(dt.date());
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Ok(dt.date_naive());
    }
    Err(format!(
        "cannot read the date {s:?}: write it as YYYY-MM-DD or an ISO 8601 date-time"
    ))
}

fn text_hash(text: &str) -> String {
    let folded: Vec<&str> = text.split_whitespace().collect();
    short_hash(&folded.join(" "))
}

fn short_hash(s: &str) -> String {
    let hex = blake3::hash(s.as_bytes()).to_hex();
    hex[..16].to_string()
}

/// Shorten to at most `max` chars at a word boundary, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_accepts_dates_and_date_times() {
        let d = NaiveDate::from_ymd_opt(1987, 2, 26).unwrap();
        for raw in [
            "1987-02-26",
            "1987-02-26T15:01:01",
            "1987-02-26T15:01:01Z",
            "1987-02-26T23:30:00-05:00",
            "Thu, 26 Feb 1987 15:01:01 +0000",
        ] {
            assert_eq!(parse_published(raw), Ok(d), "{raw}");
        }
        assert!(parse_published("yesterday")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
    }

    #[test]
    fn derived_ids_are_stable_and_whitespace_blind() {
        let a = DocId::derive(None, None, "Hello  world.\n");
        let b = DocId::derive(None, None, "Hello world.");
        assert_eq!(a, b);
        let c = DocId::derive(Some("X"), Some("https://e.com/a"), "whatever");
        assert!(c.as_str().starts_with("url-"));
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four five", 12), "one two…");
    }
}
