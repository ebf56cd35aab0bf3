//! A fetched feed body to items: RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs,
//! after [`decode`](super::decode) has made the bytes UTF-8. Each item gets its guid, its
//! link resolved to an absolute URL, a publication date when one can be read (English,
//! Italian, Portuguese, Spanish, French and German month names; the odd orders real feeds
//! use), and clean text from the content, else the summary, else the title.
//!
//! Pure: no network, no storage. Calls `corpus` for the size limit only.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use regex::Regex;
use url::Url;

use super::repair::{self, Repairs};
use super::{atom, decode, diagnose, html, loose, shapes};
use crate::corpus::MAX_ARTICLE_BYTES;

/// At most this many items are read from one fetch: a feed is a window on recent news.
pub const MAX_ITEMS: usize = 500;

/// One item, ready to become a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    pub guid: Option<String>,
    pub link: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
    /// A hash of the title and text, whitespace folded: the last resort for dedupe, and
    /// how an edit is noticed.
    pub content_hash: String,
}

/// What a feed holds.
#[derive(Clone, Debug, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
    /// Items left out, each with the reason.
    pub skipped: Vec<String>,
    /// What was mended in the markup before it could be read.
    pub repairs: Repairs,
}

impl ParsedFeed {
    /// What a moderator should know of this read, on one line, if anything: the markup
    /// repaired, and the items skipped with their reasons (alike ones counted once).
    pub fn notes(&self) -> Option<String> {
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for whole in &self.skipped {
            let why = whole
                .split_once(": ")
                .filter(|(item, _)| item.starts_with("item "))
                .map_or(whole.as_str(), |(_, why)| why);
            match reasons.iter_mut().find(|(r, _)| *r == why) {
                Some((_, n)) => *n += 1,
                None => reasons.push((why, 1)),
            }
        }
        let mut notes = Vec::new();
        if !self.repairs.is_empty() {
            notes.push(format!("repaired: {}", self.repairs));
        }
        if !self.skipped.is_empty() {
            let listed: Vec<String> = reasons
                .iter()
                .take(3)
                .map(|(why, n)| match n {
                    1 => why.to_string(),
                    n => format!("{why} (×{n})"),
                })
                .collect();
            let more = if reasons.len() > 3 { "; …" } else { "" };
            notes.push(format!(
                "{} skipped: {}{more}",
                self.skipped.len(),
                listed.join("; ")
            ));
        }
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

/// Parse a feed body. `http_charset` is the Content-Type charset, if any; `feed_url`
/// resolves relative links when the feed gives no absolute site link of its own.
pub fn parse(
    bytes: &[u8],
    http_charset: Option<&str>,
    feed_url: &Url,
) -> Result<ParsedFeed, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("the response is empty".to_string());
    }
    // The whole read, not only feed-rs: the passes before and after it are ours and
    // text-driven too, and a poller task must outlive any one feed.
    without_panics(|| read_feed(bytes, http_charset, feed_url))?
}

/// [`parse`], once the body is known not to be empty.
fn read_feed(
    bytes: &[u8],
    http_charset: Option<&str>,
    feed_url: &Url,
) -> Result<ParsedFeed, String> {
    let (text, _encoding) = decode::to_utf8(bytes, http_charset);
    let (text, repairs) = mend(text);
    let feed = match without_panics(|| feed_parser().parse(text.as_bytes())) {
        Ok(read) => read,
        // feed-rs panics on some names next to e-mail addresses; whosaid reads no names.
        // (A fresh parser: a panic leaves the old one's state behind.)
        Err(panicked) => {
            let bare = shapes::without_people(&text);
            // Panicked again: what is wrong with the XML, if anything, says more than
            // the library's message.
            without_panics(|| feed_parser().parse(bare.as_bytes())).map_err(|_| {
                diagnose::xml_error(&text).map_or(panicked, |what| {
                    format!("the feed's XML is broken at {what}")
                })
            })?
        }
    }
    .map_err(|e| describe_error(e, &text))?;

    let site = feed
        .links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .filter_map(|l| Url::parse(l.href.trim()).ok())
        .find(|u| matches!(u.scheme(), "http" | "https"));
    let base = site.as_ref().unwrap_or(feed_url);

    let markup = if text.starts_with('{') {
        Vec::new()
    } else {
        loose::entry_markup(&text)
    };
    // Entry n is element n only when the parser read every element.
    let aligned = markup.len() == feed.entries.len();
    let unread = shapes::unread_entries(
        markup.len(),
        feed.entries.len(),
        format_name(&feed.feed_type),
    );
    let mut out = ParsedFeed {
        skipped: unread.into_iter().collect(),
        title: feed
            .title
            .as_ref()
            .map(|t| clean_line(&t.content))
            .filter(|t| !t.is_empty()),
        repairs,
        ..ParsedFeed::default()
    };
    for (n, entry) in feed.entries.into_iter().enumerate() {
        if out.items.len() >= MAX_ITEMS {
            out.skipped
                .push(format!("items after the first {MAX_ITEMS} were not read"));
            break;
        }
        let own = markup.get(n).copied().filter(|_| aligned);
        match read_entry(entry, base, own) {
            Ok(item) => out.items.push(item),
            Err(why) => out.skipped.push(format!("item {}: {why}", n + 1)),
        }
    }
    Ok(out)
}

fn feed_parser() -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        // Missing ids stay missing (feed-rs would invent a random one): items without a
        // guid are recognised by link, then content hash.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(parse_timestamp)
        .build()
}

/// A feed's format, for a reason a moderator reads.
fn format_name(format: &feed_rs::model::FeedType) -> &'static str {
    use feed_rs::model::FeedType;
    match format {
        FeedType::Atom => "an Atom feed",
        FeedType::JSON => "a JSON Feed",
        FeedType::RSS0 => "an RSS 0.9x feed",
        FeedType::RSS1 => "an RSS 1.0 feed",
        FeedType::RSS2 => "an RSS 2.0 feed",
    }
}

/// The XML as the web writes it, mended and normalised into what feed-rs reads, with what
/// was mended. A JSON Feed is left as it is.
fn mend(text: String) -> (String, Repairs) {
    if text.starts_with('{') {
        return (text, Repairs::default());
    }
    let (text, mut repairs) = repair::repair(&text);
    let (text, binary) = atom::normalise(&text);
    repairs.binary_left_out = binary;
    // Dropping control characters can make a declaration of `<\u{1}?xml`, and quick-xml
    // panics on a declaration after the start.
    let text = decode::drop_later_declarations(shapes::normalise(&text));
    (text, repairs)
}

/// One entry as an item, or why it was skipped. Its text is the content, else the
/// summary, else what its own `markup` holds that feed-rs does not read, else the title;
/// its link the first that resolves against `base`.
fn read_entry(
    entry: feed_rs::model::Entry,
    base: &Url,
    markup: Option<&str>,
) -> Result<FeedItem, String> {
    let (loose_title, loose_text) = markup.map(loose::read).unwrap_or_default();
    let title = entry
        .title
        .as_ref()
        .map(|t| clean_line(&t.content))
        .filter(|t| !t.is_empty())
        .or_else(|| loose_title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")));
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(clean_text)
        .filter(|t| !t.is_empty());
    let summary = || {
        entry
            .summary
            .as_ref()
            .map(|s| clean_text(&s.content))
            .filter(|t| !t.is_empty())
    };
    let Some(text) = body
        .or_else(summary)
        .or(loose_text)
        .or_else(|| title.clone())
    else {
        return Err("no title and no text".to_string());
    };
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(format!(
            "{} bytes of text, over the {} MB limit",
            text.len(),
            MAX_ARTICLE_BYTES / (1024 * 1024)
        ));
    }
    let link = entry
        .links
        .iter()
        .filter(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .chain(entry.links.iter())
        .find_map(|l| resolve(base, &l.href));
    let guid = Some(entry.id.trim().to_string()).filter(|g| !g.is_empty());
    let published = entry
        .published
        .or(entry.updated)
        .map(|d: DateTime<Utc>| d.date_naive());
    let content_hash = hash_content(title.as_deref(), &text);
    Ok(FeedItem {
        guid,
        link,
        title,
        published,
        text,
        content_hash,
    })
}

/// Runs the reading of a feed so that a panic inside it (feed-rs and quick-xml have
/// panicked on hostile feeds: see `decode`) becomes this feed's error instead of ending
/// the poller task or the command that fetched it.
fn without_panics<T>(parse: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse)).map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        tracing::warn!(panic = %why, "the feed parser panicked");
        format!("the feed could not be parsed (the parser failed on it: {why})")
    })
}

/// Why feed-rs refused `text`, in a moderator's words, with the place where it can be
/// told (see [`diagnose`]).
fn describe_error(e: feed_rs::parser::ParseFeedError, text: &str) -> String {
    use feed_rs::parser::{ParseErrorKind as Kind, ParseFeedError};
    let at = |position: u64| diagnose::place(text, usize::try_from(position).unwrap_or(0));
    match e {
        ParseFeedError::ParseError(Kind::NoFeedRoot) => diagnose::not_a_feed(text),
        ParseFeedError::ParseError(Kind::UnknownMimeType { position, mime }) => format!(
            "{}: content of type {mime:?}, which cannot be read as text",
            at(position)
        ),
        ParseFeedError::ParseError(Kind::MissingContent { position, .. }) => {
            format!(
                "{}: an element that must hold content is empty",
                at(position)
            )
        }
        ParseFeedError::ParseError(Kind::UnknownEnumVariant {
            position,
            reference,
        }) => {
            format!(
                "{}: {reference:?} is not a value the format allows",
                at(position)
            )
        }
        ParseFeedError::ParseError(Kind::IllegalState { position, .. }) => {
            format!("{}: the document is not shaped as a feed", at(position))
        }
        ParseFeedError::XmlReader(_) => match diagnose::xml_error(text) {
            Some(what) => format!("the feed's XML is broken at {what}"),
            None => "the feed's XML is not well-formed".to_string(),
        },
        ParseFeedError::IoError(e) => format!("cannot read the feed: {e}"),
        ParseFeedError::JsonSerde(e) => format!("not a valid JSON Feed: {e}"),
        ParseFeedError::JsonUnsupportedVersion(v) => {
            format!("unsupported JSON Feed version {v:?}")
        }
    }
}

/// An absolute http(s) link from an href, resolved against `base` when relative.
fn resolve(base: &Url, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = base.join(href).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Text from HTML (or plain text), with double-encoded UTF-8 repaired (first, while the
/// no-break spaces that double encoding leaves, "Ã\u{a0}" for "à", are still there).
fn clean_text(s: &str) -> String {
    html::to_text(&decode::repair_mojibake(s))
}

/// A title: clean text on one line.
fn clean_line(s: &str) -> String {
    clean_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn hash_content(title: Option<&str>, text: &str) -> String {
    let folded: Vec<&str> = title
        .unwrap_or("")
        .split_whitespace()
        .chain(["\n"])
        .chain(text.split_whitespace())
        .collect();
    blake3::hash(folded.join(" ").as_bytes()).to_hex()[..16].to_string()
}

/// Read a feed timestamp as leniently as real feeds need: RFC 3339 and ISO 8601, RFC 2822
/// with the zones and slips seen in the wild (` Z`, `EST`, whitespace inside, weekday and
/// month names in other languages, month before day, a 12-hour clock without a zone).
///
/// The result is the time **as written**, in the publisher's own zone, labelled UTC (feed-rs
/// wants a `DateTime<Utc>`): a publication date is the date the publisher printed, as
/// `corpus::parse_published` takes it, not the date in Greenwich.
pub fn parse_timestamp(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(&s) {
        return Some(d.naive_local().and_utc());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(&s, fmt) {
            return Some(d.naive_local().and_utc());
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&s, fmt) {
            return Some(d.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|d| d.and_utc());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(&s) {
        return Some(d.naive_local().and_utc());
    }
    let norm = normalise_rfc822(&s);
    if let Ok(d) = DateTime::parse_from_rfc2822(&norm) {
        return Some(d.naive_local().and_utc());
    }
    for fmt in ["%d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M %z"] {
        if let Ok(d) = DateTime::parse_from_str(&norm, fmt) {
            return Some(d.naive_local().and_utc());
        }
    }
    for fmt in [
        "%d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M",
        "%d %b %Y %I:%M:%S %p",
        "%b %d %Y %I:%M:%S %p",
        "%b %d %Y %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(&norm, fmt) {
            return Some(d.and_utc());
        }
    }
    NaiveDate::parse_from_str(&norm, "%d %b %Y")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

fn normalise_rfc822(s: &str) -> String {
    static WEEKDAY: OnceLock<Option<Regex>> = OnceLock::new();
    let weekday = WEEKDAY.get_or_init(|| Regex::new(r"^\p{L}{2,12}\.?,\s*").ok());
    let s = match weekday {
        Some(re) => re.replace(s, "").into_owned(),
        None => s.to_string(),
    };
    let mut words: Vec<String> = s
        .split(' ')
        .map(|w| {
            english_month(w)
                .map(str::to_string)
                .unwrap_or_else(|| w.to_string())
        })
        .collect();
    if let Some(last) = words.last_mut() {
        if matches!(last.as_str(), "Z" | "UTC" | "UT") {
            *last = "+0000".to_string();
        }
    }
    words.join(" ")
}

/// The English abbreviation of a month name in English, Italian, Portuguese, Spanish,
/// French or German (as RFC 2822 parsers expect), if `w` is one.
fn english_month(w: &str) -> Option<&'static str> {
    let lower = w.trim_end_matches('.').to_lowercase();
    if lower.chars().count() < 3 || !lower.chars().all(char::is_alphabetic) {
        return None;
    }
    let p: String = lower.chars().take(3).collect();
    Some(match p.as_str() {
        "jan" | "gen" | "ene" => "Jan",
        "feb" | "fev" | "fév" => "Feb",
        "mar" | "mär" => "Mar",
        "apr" | "abr" | "avr" => "Apr",
        "may" | "mag" | "mai" => "May",
        "jun" | "giu" | "jui" if !lower.starts_with("juil") => "Jun",
        "jul" | "lug" | "jui" => "Jul",
        "aug" | "ago" | "aoû" | "aou" => "Aug",
        "sep" | "set" => "Sep",
        "oct" | "ott" | "out" | "okt" => "Oct",
        "nov" => "Nov",
        "dec" | "dic" | "dez" | "déc" => "Dec",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_parser_panic_is_the_feeds_error() {
        let err = without_panics(|| -> Result<(), String> { panic!("index out of bounds") })
            .expect_err("caught");
        assert!(
            err.contains("could not be parsed") && err.contains("index out of bounds"),
            "{err}"
        );
        let err = without_panics(|| -> u8 { panic!("{} at {}", "bad", 3) }).expect_err("caught");
        assert!(err.contains("bad at 3"), "{err}");
        assert_eq!(without_panics(|| 7), Ok(7));
    }

    fn date(raw: &str) -> Option<String> {
        parse_timestamp(raw).map(|d| d.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn real_feed_dates_are_read() {
        assert_eq!(
            date("Sat, 07 Jan 2017 09:38:00 GMT"),
            Some("2017-01-07 09:38".into())
        );
        assert_eq!(
            date("Tue, 15 Nov 2022 20:15:04 Z"),
            Some("2022-11-15 20:15".into())
        );
        assert_eq!(
            date("mer, 16 nov 2022 00:38:15 +0100"),
            Some("2022-11-16 00:38".into())
        );
        assert_eq!(
            date("Seg, 24 Set 2018 19:42:40 -0300"),
            Some("2018-09-24 19:42".into())
        );
        assert_eq!(
            date("Sat, Dec 16 2023 02:02:33 PM"),
            Some("2023-12-16 14:02".into())
        );
        assert_eq!(
            date("Wed, 03 Jan 2018 11:00:00 GMT\n      "),
            Some("2018-01-03 11:00".into())
        );
        assert_eq!(
            date("Mon, 13 Aug 2012 10:00:00 EST"),
            Some("2012-08-13 10:00".into())
        );
        assert_eq!(
            date("2017-11-08T16:02:12-05:00"),
            Some("2017-11-08 16:02".into())
        );
        assert_eq!(
            date("Sat, 7 Jan 2017 4:05:00 -0500"),
            Some("2017-01-07 04:05".into())
        );
        assert_eq!(date("soon"), None);
        assert_eq!(date(""), None);
    }

    #[test]
    fn relative_links_resolve_against_the_site() {
        let feed = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
            <title>T</title><link rel="alternate" href="http://example.com"/>
            <entry><id>e1</id><title>A &amp; B</title><link href="/news/1"/>
            <content type="html">&lt;p&gt;He said so.&lt;/p&gt;</content></entry></feed>"#;
        let base = Url::parse("http://127.0.0.1:1/feed.xml").expect("url");
        let parsed = parse(feed, None, &base).expect("parses");
        let item = &parsed.items[0];
        assert_eq!(item.link.as_deref(), Some("http://example.com/news/1"));
        assert_eq!(item.title.as_deref(), Some("A & B"));
        assert_eq!(item.text, "He said so.");
        assert_eq!(item.guid.as_deref(), Some("e1"));
    }

    #[test]
    fn repairs_and_skipped_items_are_noted_alike_reasons_once() {
        let feed = b"<rss><channel><title>AT&T</title><item><guid>1</guid></item>\
            <item><guid>2</guid></item><item><title>Caf&eacute;</title></item></channel></rss>";
        let base = Url::parse("http://127.0.0.1:1/").expect("url");
        let parsed = parse(feed, None, &base).expect("parses");
        assert_eq!(parsed.items.len(), 1);
        assert_eq!(
            parsed.notes().as_deref(),
            Some("repaired: 1 bare '&' escaped, 1 HTML references decoded; 2 skipped: no title and no text (×2)")
        );
        let clean = parse(
            b"<rss><channel><item><title>a</title></item></channel></rss>",
            None,
            &base,
        );
        assert_eq!(clean.expect("parses").notes(), None);
    }

    #[test]
    fn what_feed_rs_panics_on_is_read_around() {
        let base = Url::parse("http://127.0.0.1:1/").expect("url");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions/feed");
        for name in [
            "author-multibyte-before-email.xml",
            "author-unclosed-multibyte-before-email.xml",
            "declaration-made-by-dropping-a-control.xml",
        ] {
            let bytes = std::fs::read(fixtures.join(name)).expect("a regression input");
            let parsed = parse(&bytes, None, &base).expect(name);
            assert_eq!(parsed.items.len(), 1, "{name}");
        }
    }

    #[test]
    fn truncated_and_empty_bodies_give_reasons() {
        let base = Url::parse("http://127.0.0.1:1/").expect("url");
        assert!(parse(b"   ", None, &base)
            .expect_err("empty")
            .contains("empty"));
        let err = parse(b"<html><body>hi</body></html>", None, &base).expect_err("not a feed");
        assert!(err.contains("not a feed"), "{err}");
    }
}
