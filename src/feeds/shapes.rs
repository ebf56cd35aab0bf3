//! RSS documents in shapes feed-rs passes over, put in the shapes it reads: an `<rss>`
//! whose items stand without a `<channel>`, and RSS 1.0 items without a `<link>` (their
//! `rdf:about` is their address, RSS 1.0 §5.5; feed-rs drops an item without a link).
//! And [`unread_entries`]: the reason given when the parser read fewer entries than the
//! document's entry elements, so that no item is lost without one.
//!
//! Pure; works on the text before parsing, as [`repair`](super::repair) does.

use std::sync::OnceLock;

use regex::{Captures, Regex};

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// `xml` with the shapes above mended.
pub fn normalise(xml: &str) -> String {
    rdf_item_links(&rss_channel(xml))
}

/// An `<rss>` with no `<channel>` gets one around all it holds.
fn rss_channel(xml: &str) -> String {
    static CHANNEL: OnceLock<Option<Regex>> = OnceLock::new();
    static RSS: OnceLock<Option<Regex>> = OnceLock::new();
    let (Some(channel), Some(rss)) = (
        regex(&CHANNEL, r"<(?:[\w.-]+:)?channel[\s>/]"),
        regex(&RSS, r"<((?:[\w.-]+:)?)rss(?:\s[^>]*)?>"),
    ) else {
        return xml.to_string();
    };
    let Some(open) = rss.captures(xml).filter(|_| !channel.is_match(xml)) else {
        return xml.to_string();
    };
    let (Some(tag), prefix) = (open.get(0), &open[1]) else {
        return xml.to_string();
    };
    let close = format!("</{prefix}rss");
    let end = xml
        .rfind(&close)
        .filter(|&e| e >= tag.end())
        .unwrap_or(xml.len());
    format!(
        "{}<{prefix}channel>{}</{prefix}channel>{}",
        &xml[..tag.end()],
        &xml[tag.end()..end],
        &xml[end..]
    )
}

/// RSS 1.0 items without a `<link>` get one from their `rdf:about`.
fn rdf_item_links(xml: &str) -> String {
    static ITEM: OnceLock<Option<Regex>> = OnceLock::new();
    static LINK: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = r#"(?s)<((?:[\w.-]+:)?)item(\s[^>]*?rdf:about\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*)>(.*?)</(?:[\w.-]+:)?item>"#;
    let (Some(item), Some(link)) = (
        regex(&ITEM, pattern),
        regex(&LINK, r"<(?:[\w.-]+:)?link[\s>]"),
    ) else {
        return xml.to_string();
    };
    if !xml.contains("rdf:RDF") {
        return xml.to_string();
    }
    item.replace_all(xml, |c: &Captures<'_>| {
        let body = &c[5];
        let about = c.get(3).or(c.get(4)).map_or("", |m| m.as_str());
        if link.is_match(body) || about.trim().is_empty() {
            return c[0].to_string();
        }
        let p = &c[1];
        format!(
            "<{p}item{}><{p}link>{about}</{p}link>{body}</{p}item>",
            &c[2]
        )
    })
    .into_owned()
}

/// `xml` without the elements that name people (authors, editors, contributors), which
/// whosaid does not read: feed-rs panics on some of them (it slices inside a character
/// next to an e-mail address, as in `Jean «jean@example.org»`), and the feed can then be
/// read again without them. A person element left unclosed loses its tags only.
pub fn without_people(xml: &str) -> String {
    const PEOPLE: &str =
        "(?:[\\w.-]+:)?(?:author|contributor|creator|managingEditor|webMaster|owner)";
    static CLOSED: OnceLock<Option<Regex>> = OnceLock::new();
    static TAGS: OnceLock<Option<Regex>> = OnceLock::new();
    let closed = format!(r"(?s)<{PEOPLE}(?:\s[^>]*)?(?:/>|>.*?</{PEOPLE}\s*>)");
    let tags = format!(r"</?{PEOPLE}(?:\s[^>]*)?/?>");
    let mut out = xml.to_string();
    for re in [regex(&CLOSED, &closed), regex(&TAGS, &tags)]
        .into_iter()
        .flatten()
    {
        out = re.replace_all(&out, "").into_owned();
    }
    out
}

/// Why `found` entry elements gave `read` entries, when fewer: the reason a moderator
/// reads in the feed's status.
pub fn unread_entries(found: usize, read: usize, format: &str) -> Option<String> {
    (found > read).then(|| {
        format!(
            "{} of the {found} <item>/<entry> elements were not read as entries: not where \
             {format} puts its entries (an <item> in an Atom feed, say), or an RSS 1.0 item \
             with neither <link> nor rdf:about",
            found - read
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_without_a_channel_get_one() {
        assert_eq!(
            normalise("<rss version=\"2.0\"><item><title>a</title></item></rss>"),
            "<rss version=\"2.0\"><channel><item><title>a</title></item></channel></rss>"
        );
        let kept = "<rss><channel><item/></channel></rss>";
        assert_eq!(normalise(kept), kept);
        assert_eq!(
            normalise("<rss><item>cut"),
            "<rss><channel><item>cut</channel>"
        );
    }

    #[test]
    fn rdf_items_without_a_link_take_their_rdf_about() {
        let rdf = "<rdf:RDF><item rdf:about=\"http://e.com/1\"><title>t</title></item>\
                   <item rdf:about='http://e.com/2'><link>http://e.com/2</link></item><item><title>u</title></item></rdf:RDF>";
        assert_eq!(
            normalise(rdf),
            "<rdf:RDF><item rdf:about=\"http://e.com/1\"><link>http://e.com/1</link><title>t</title></item>\
             <item rdf:about='http://e.com/2'><link>http://e.com/2</link></item><item><title>u</title></item></rdf:RDF>"
        );
    }

    #[test]
    fn people_can_be_left_out() {
        let xml = "<item><title>t</title><author>Jean «j@e.org»</author><dc:creator>A</dc:creator>\
                   <contributor><name>B</name></contributor><author/><authority>x</authority></item>";
        assert_eq!(
            without_people(xml),
            "<item><title>t</title><authority>x</authority></item>"
        );
        assert_eq!(
            without_people("<item><author>Jean €j@e.org)1/author><title>t</title></item>"),
            "<item>Jean €j@e.org)1/author><title>t</title></item>"
        );
    }

    #[test]
    fn entries_not_read_are_given_a_reason() {
        assert_eq!(unread_entries(2, 2, "Atom"), None);
        let why = unread_entries(3, 1, "Atom").expect("a reason");
        assert!(
            why.starts_with("2 of the 3 <item>/<entry> elements"),
            "{why}"
        );
    }
}
