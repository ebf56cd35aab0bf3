//! Text of an entry read loosely from its own markup, for the entries where feed-rs finds
//! none: text in elements it does not read (`<body>`, `<xhtml:body>`, `<fullitem>`,
//! `dc:description` or `itunes:summary` in RSS 2.0, `media:title`), or markup written
//! bare inside a `<description>`, which it reads as no text. feedparser reads all of
//! these; without this the item was skipped as having "no title and no text".
//!
//! Pure; [`parse`](super::parse) calls it on the mended document.

use std::sync::OnceLock;

use regex::Regex;

/// Elements that hold an entry's text, by name as conventionally written, most complete
/// first. By name, not local name: `media:content` is a media file, not the text.
const TEXT: &[&str] = &[
    "content:encoded",
    "content",
    "atom:content",
    "body",
    "xhtml:body",
    "fullitem",
    "description",
    "dc:description",
    "summary",
    "atom:summary",
    "itunes:summary",
    "media:description",
];

/// Elements that hold an entry's title, by name as conventionally written.
const TITLE: &[&str] = &["title", "atom:title", "dc:title", "media:title"];

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// The markup of each `<item>` and `<entry>` element of `xml`, in document order (the
/// order feed-rs gives entries in).
pub fn entry_markup(xml: &str) -> Vec<&str> {
    static OPEN: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(open) = regex(&OPEN, r"<((?:[\w.-]+:)?(?:item|entry))([\s/][^>]*)?>") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(c) = open.captures_at(xml, from) {
        let (Some(tag), name) = (c.get(0), &c[1]) else {
            break;
        };
        let rest = &xml[tag.end()..];
        let body = if tag.as_str().ends_with("/>") {
            ""
        } else {
            rest.find(&format!("</{name}"))
                .map_or(rest, |end| &rest[..end])
        };
        out.push(body);
        from = tag.end() + body.len();
    }
    out
}

/// The direct children of an entry's `markup` that have content: (name, content),
/// in document order. Deeper elements (an `<image>`'s `<title>` in a `<category>`, an SVG
/// `<title>`, an Atom `<source>`'s title) belong to their parents, not to the entry.
fn children(markup: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<(&str, usize)> = None;
    let mut at = 0;
    while let Some(lt) = markup[at..].find('<').map(|i| at + i) {
        let rest = &markup[lt..];
        let skip = [("<![CDATA[", "]]>"), ("<!--", "-->"), ("<?", "?>")]
            .iter()
            .find(|(o, _)| rest.starts_with(o))
            .map(|(_, close)| rest.find(close).map_or(rest.len(), |e| e + close.len()));
        let Some(len) = skip.or_else(|| rest.find('>').map(|e| e + 1)) else {
            break;
        };
        at = lt + len;
        if skip.is_some() {
            continue;
        }
        let tag = &rest[1..len - 1];
        if let Some(name) = tag.strip_prefix('/') {
            depth = depth.saturating_sub(1);
            if let (0, Some((child, start))) = (depth, open) {
                if name.trim() == child {
                    out.push((child, &markup[start..lt]));
                }
                open = None;
            }
        } else if !tag.ends_with('/') {
            if depth == 0 {
                let name = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("");
                open = Some((name, at));
            }
            depth += 1;
        }
    }
    out
}

/// The text of the first child named in `names` (in that order of preference) whose
/// text is not empty.
fn first_text(children: &[(&str, &str)], names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| {
        children
            .iter()
            .filter(|(child, _)| child == name)
            .map(|(_, content)| super::html::to_text(&xml_text(content)))
            .find(|t| !t.is_empty())
    })
}

/// The content of an XML element as the HTML it carries: XML's escapes undone outside
/// CDATA sections, CDATA sections unwrapped, elements written bare left as they are.
fn xml_text(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = rest.find("<![CDATA[") {
        out.push_str(&unescape(&rest[..at]));
        let cdata = &rest[at + "<![CDATA[".len()..];
        let end = cdata.find("]]>").unwrap_or(cdata.len());
        out.push_str(&cdata[..end]);
        rest = cdata.get(end + "]]>".len()..).unwrap_or("");
    }
    out.push_str(&unescape(rest));
    out
}

/// XML's five predefined entities undone (`&amp;` last, so `&amp;lt;` stays `&lt;`).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// An entry's title and text read loosely from its markup.
pub fn read(markup: &str) -> (Option<String>, Option<String>) {
    let children = children(markup);
    (first_text(&children, TITLE), first_text(&children, TEXT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_in_document_order() {
        let xml = "<channel><items/><item><title>a</title></item><atom:entry/><item>b</item>";
        assert_eq!(
            entry_markup(xml),
            vec!["<title>a</title>", "", "b"],
            "the <items/> of RSS 1.0 is not an item"
        );
    }

    #[test]
    fn text_in_elements_feed_rs_does_not_read() {
        let item =
            "<media:content url=\"x\"/><xhtml:body><p>Example <b>content</b></p></xhtml:body>\
                    <media:title>bar</media:title>";
        assert_eq!(
            read(item),
            (Some("bar".into()), Some("Example content".into()))
        );
        assert_eq!(
            read("<dc:description><![CDATA[<p>It &amp; that</p>]]></dc:description>"),
            (None, Some("It & that".into()))
        );
        let escaped =
            read("<fullitem>&lt;p>safe&lt;script>x()&lt;/script> text&lt;/p></fullitem>").1;
        let words: Vec<String> = escaped
            .iter()
            .flat_map(|t| t.split_whitespace())
            .map(String::from)
            .collect();
        assert_eq!(
            words,
            ["safe", "text"],
            "escaped markup read, its script dropped"
        );
        assert_eq!(read("<author>a</author>"), (None, None));
        assert_eq!(
            read("<content type=\"html\">&lt;span abbr=\"\"&gt;&lt;/span&gt;</content>"),
            (None, None),
            "escaped markup is markup"
        );
        assert_eq!(
            read("<source><title>Feed</title></source><category>c<image><title>i</title></image></category>"),
            (None, None),
            "a source's or an image's title is not the entry's"
        );
        assert_eq!(
            read("<content type=\"xhtml\"><div><svg><title>t</title></svg>Said.</div></content><!-- <title>x</title> -->"),
            (None, Some("Said.".into()))
        );
    }
}
