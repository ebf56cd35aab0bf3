//! Why a document could not be read as a feed, in words a moderator understands, with the
//! line and column where XML went wrong: never the parser library's own message.
//!
//! feed-rs reports an XML error without saying where, in quick-xml's terms; the document
//! is read again here with quick-xml to find the place and the kind of error, which a
//! table turns into words.
//!
//! Pure; [`parse`](super::parse) calls it only when a document was refused.

use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use quick_xml::events::Event;

/// Syntax errors, in words.
const SYNTAX: &[(SyntaxError, &str)] = &[
    (
        SyntaxError::UnclosedTag,
        "a tag is not closed with `>` (the document may be cut off)",
    ),
    (SyntaxError::UnclosedCData, "a CDATA section is not closed"),
    (SyntaxError::UnclosedComment, "a comment is not closed"),
    (SyntaxError::UnclosedDoctype, "the DOCTYPE is not closed"),
    (
        SyntaxError::UnclosedPI,
        "a processing instruction (`<?…?>`) is not closed",
    ),
    (
        SyntaxError::UnclosedXmlDecl,
        "the XML declaration (`<?xml …?>`) is not closed",
    ),
    (
        SyntaxError::InvalidBangMarkup,
        "a `<!` starts no comment, CDATA section or DOCTYPE",
    ),
    (
        SyntaxError::UnclosedSingleQuotedAttributeValue,
        "an attribute value's quote is not closed",
    ),
    (
        SyntaxError::UnclosedDoubleQuotedAttributeValue,
        "an attribute value's quote is not closed",
    ),
];

/// An element name as quoted in a message: a garbled one can be megabytes long.
fn short(name: &str) -> String {
    const MOST: usize = 40;
    match name.char_indices().nth(MOST) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_string(),
    }
}

/// What is wrong, in words.
fn words(e: &Error) -> String {
    match e {
        Error::Syntax(s) => SYNTAX
            .iter()
            .find(|(k, _)| k == s)
            .map_or("the markup is broken", |(_, w)| w)
            .to_string(),
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            let (found, expected) = (short(found), short(expected));
            format!("</{found}> closes <{expected}>, which is still open")
        }
        Error::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            format!("</{}> closes an element that was never opened", short(name))
        }
        Error::IllFormed(IllFormedError::MissingEndTag(name)) => {
            format!(
                "<{}> is never closed (the document may be cut off)",
                short(name)
            )
        }
        Error::IllFormed(IllFormedError::UnclosedReference) => {
            "an `&` starts a reference that is not closed with `;`".to_string()
        }
        Error::IllFormed(_) => "the XML declaration or DOCTYPE is malformed".to_string(),
        Error::InvalidAttr(_) => {
            "an attribute is malformed (unquoted, repeated or without a value)".to_string()
        }
        Error::Escape(_) => "a character reference (`&#…;`) is not valid".to_string(),
        Error::Encoding(_) => "the text is not in the encoding it declares".to_string(),
        Error::Namespace(_) => "an element uses a namespace prefix never declared".to_string(),
        Error::Io(_) => "the document could not be read".to_string(),
    }
}

/// "line L, column C" of a byte offset into `text`.
pub fn place(text: &str, at: usize) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}")
}

fn name_of(e: &quick_xml::events::BytesStart<'_>) -> String {
    let qname = e.name();
    let name: &str = qname.as_ref();
    name.to_string()
}

/// Where and how `xml` is not well-formed, if quick-xml finds it.
pub fn xml_error(xml: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => {
                let name = open.pop()?;
                return Some(format!(
                    "{}: <{}> is never closed (the document may be cut off)",
                    place(xml, xml.len()),
                    short(&name)
                ));
            }
            Ok(Event::Start(e)) => open.push(name_of(&e)),
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(0);
                return Some(format!("{}: {}", place(xml, at), words(&e)));
            }
        }
    }
}

/// Why a document with no feed root is not a feed: what its root element is.
pub fn not_a_feed(text: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(text);
    let root = loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => break Some(name_of(&e)),
            Ok(Event::Eof) | Err(_) => break None,
            Ok(_) => {}
        }
    };
    match root.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => "not a feed: no XML element and not a JSON Feed".to_string(),
        Some("html") => {
            "not a feed: an HTML page (look for the site's RSS or Atom link)".to_string()
        }
        Some("channel") => "a CDF channel (Microsoft's Channel Definition Format of 1997), \
                            which whosaid does not read: follow the site's RSS or Atom feed"
            .to_string(),
        Some(_) => format!(
            "not a feed: the root element is <{}>, not <rss>, <feed> or <rdf:RDF>",
            short(&root.unwrap_or_default())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_errors_say_where_and_what() {
        let cases = [
            (
                "<rss>\n<channel>\n<title>a</titel>",
                "line 3, column 9: </titel> closes <title>, which is still open",
            ),
            (
                "<rss><a>x</a></rss",
                "line 1, column 14: a tag is not closed with `>` (the document may be cut off)",
            ),
            (
                "<rss>\n  <item>cut",
                "line 2, column 12: <item> is never closed (the document may be cut off)",
            ),
            (
                "<rss><![CDATA[x</rss>",
                "line 1, column 6: a CDATA section is not closed",
            ),
        ];
        for (xml, want) in cases {
            assert_eq!(xml_error(xml).as_deref(), Some(want), "{xml}");
        }
        assert_eq!(xml_error("<rss><a/></rss>"), None);
        let garbled = format!("<rss><{}></rss>", "x".repeat(100_000));
        let said = xml_error(&garbled).expect("an error");
        assert!(said.len() < 200 && said.contains("xxxx…"), "{said}");
        assert_eq!(place("é\nàb", 5), "line 2, column 2");
    }

    #[test]
    fn what_is_not_a_feed_is_named() {
        assert!(not_a_feed("<!DOCTYPE html><html><body/></html>").contains("an HTML page"));
        assert!(not_a_feed("<CHANNEL><ITEM/></CHANNEL>").contains("CDF"));
        assert!(not_a_feed("<opml/>").contains("the root element is <opml>"));
        assert!(not_a_feed("plain text").contains("no XML element"));
    }
}
