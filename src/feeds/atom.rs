//! Atom text constructs (`title`, `summary`, `content`, ...) as feeds write them, put in
//! the forms feed-rs reads. feed-rs knows the Atom 1.0 `type`s `text`, `html` and `xhtml`
//! and refuses the whole feed on anything else; Atom 0.3 gives MIME types
//! (`text/plain`, `application/xhtml+xml`) and a `mode` (`escaped`, `xml`, `base64`), and
//! Atom 1.0 allows any MIME type, base64-encoded when it is neither text nor XML. Those
//! become the Atom 1.0 names; base64 is decoded when it is text, and the element left out
//! (and counted) when it is not.
//!
//! Pure; works on the text before parsing, as [`repair`](super::repair) does.

use std::sync::OnceLock;

use base64::Engine as _;
use regex::Regex;

/// MIME types that name an Atom 1.0 type (lowercased).
const TYPES: &[(&str, &str)] = &[
    ("", "text"),
    ("text", "text"),
    ("text/plain", "text"),
    ("html", "html"),
    ("text/html", "html"),
    ("xhtml", "xhtml"),
    ("application/xhtml+xml", "xhtml"),
];

/// How one element's content is to be read.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    /// As it is written: a type feed-rs reads, or none.
    AsWritten,
    /// Under this Atom 1.0 type.
    As(&'static str),
    /// Base64, decoded to content of this Atom 1.0 type.
    Base64(&'static str),
}

/// How an element with these `type` and `mode` attributes is read (Atom 1.0 §3.1.1 and
/// §4.1.3.3, Atom 0.3 §3.1).
fn reading(type_attr: Option<&str>, mode: Option<&str>) -> Reading {
    let ty = type_attr.map(|t| t.trim().to_ascii_lowercase());
    let named = |t: &str| TYPES.iter().find(|(m, _)| *m == t).map(|(_, a)| *a);
    let atom = match ty.as_deref() {
        None => None,
        Some(t) => Some(
            named(t).unwrap_or(if t.ends_with("+xml") || t.ends_with("/xml") {
                "xhtml"
            } else if t.starts_with("text/") {
                "text"
            } else {
                "binary"
            }),
        ),
    };
    match (mode.map(str::trim), atom) {
        (Some("base64"), a) | (_, a @ Some("binary")) => {
            Reading::Base64(a.filter(|a| *a != "binary").unwrap_or("text"))
        }
        (Some("xml"), _) => Reading::As("xhtml"),
        (_, None) => Reading::AsWritten,
        (_, Some(a)) if ty.as_deref() == Some(a) => Reading::AsWritten,
        (_, Some(a)) => Reading::As(a),
    }
}

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// An attribute's value in a start tag's attribute text.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    static ATTR: OnceLock<Option<Regex>> = OnceLock::new();
    let re = regex(&ATTR, r#"(?:^|\s)([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)?;
    re.captures_iter(attrs)
        .find(|c| &c[1] == name)
        .and_then(|c| c.get(2).or(c.get(3)))
        .map(|m| m.as_str())
}

/// `attrs` without `type` and `mode`, then the given type.
fn with_type(attrs: &str, atom: &str) -> String {
    static TYPE_MODE: OnceLock<Option<Regex>> = OnceLock::new();
    let kept = match regex(&TYPE_MODE, r#"\s(?:type|mode)\s*=\s*(?:"[^"]*"|'[^']*')"#) {
        Some(re) => re.replace_all(attrs, ""),
        None => attrs.into(),
    };
    format!("{kept} type=\"{atom}\"")
}

/// The text constructs of `xml` in the forms feed-rs reads, and how many base64 ones
/// were left out because they do not decode to text.
pub fn normalise(xml: &str) -> (String, usize) {
    static ELEMENT: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = r"<((?:[\w.-]+:)?(?:title|subtitle|tagline|summary|content|rights|copyright|info))(\s[^>]*?)(/?)>";
    let Some(re) = regex(&ELEMENT, pattern) else {
        return (xml.to_string(), 0);
    };
    let mut dropped = 0;
    let mut out = String::with_capacity(xml.len());
    let mut from = 0;
    for c in re.captures_iter(xml) {
        let (Some(whole), name, attrs) = (c.get(0), &c[1], &c[2]) else {
            continue;
        };
        if whole.start() < from {
            continue; // inside a base64 element already decoded (or left out)
        }
        out.push_str(&xml[from..whole.start()]);
        from = whole.end();
        let reading = reading(attr(attrs, "type"), attr(attrs, "mode"));
        match reading {
            Reading::AsWritten => out.push_str(whole.as_str()),
            Reading::As(atom) => {
                out.push_str(&format!("<{name}{}{}>", with_type(attrs, atom), &c[3]))
            }
            // Nothing to decode.
            Reading::Base64(_) if &c[3] == "/" => out.push_str(whole.as_str()),
            Reading::Base64(atom) => {
                let (text, end) = decode_body(xml, from, name);
                match text {
                    Some(text) => out.push_str(&format!(
                        "<{name}{}>{text}</{name}>",
                        with_type(attrs, atom)
                    )),
                    None => dropped += 1,
                }
                from = end;
            }
        }
    }
    out.push_str(&xml[from..]);
    (out, dropped)
}

/// The body of the element `name` that starts at `at`, base64-decoded and escaped as XML
/// text (`None` when it is not base64 of UTF-8 text), and where its end tag ends.
fn decode_body(xml: &str, at: usize, name: &str) -> (Option<String>, usize) {
    let close = format!("</{name}>");
    let Some(len) = xml[at..].find(&close) else {
        return (None, xml.len());
    };
    let end = at + len + close.len();
    let b64: String = xml[at..at + len].split_whitespace().collect();
    let text = base64::engine::general_purpose::STANDARD
        .decode(b64.as_bytes())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|t| !t.contains('\0'))
        .map(|t| escape(&t));
    (text, end)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_03_and_mime_types_are_read_as_atom_10_types() {
        assert_eq!(reading(None, None), Reading::AsWritten);
        assert_eq!(reading(Some("html"), None), Reading::AsWritten);
        assert_eq!(
            reading(Some("text/plain"), Some("escaped")),
            Reading::As("text")
        );
        assert_eq!(reading(Some("TEXT/HTML"), None), Reading::As("html"));
        assert_eq!(
            reading(Some("application/xhtml+xml"), Some("xml")),
            Reading::As("xhtml")
        );
        assert_eq!(reading(Some(""), None), Reading::As("text"));
        assert_eq!(
            reading(Some("text/html"), Some("base64")),
            Reading::Base64("html")
        );
        assert_eq!(
            reading(Some("application/octet-stream"), None),
            Reading::Base64("text")
        );
        let (out, dropped) = normalise(
            r#"<feed><title type="text/plain" mode="escaped">a</title><content type='application/xhtml+xml' xml:base="b"><div>x</div></content><summary type="html">s</summary><title/></feed>"#,
        );
        assert_eq!(
            out,
            r#"<feed><title type="text">a</title><content xml:base="b" type="xhtml"><div>x</div></content><summary type="html">s</summary><title/></feed>"#
        );
        assert_eq!(dropped, 0);
    }

    #[test]
    fn base64_is_decoded_when_it_is_text_and_left_out_when_not() {
        let (out, dropped) = normalise(
            "<entry><title type=\"application/octet-stream\">\n RXhhbXBsZSA8Yj5BdG9tPC9iPg==\n</title>\
             <content mode=\"base64\" type=\"image/png\">iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==</content>\
             <summary mode=\"base64\">not base64!</summary></entry>",
        );
        assert_eq!(
            out,
            "<entry><title type=\"text\">Example &lt;b&gt;Atom&lt;/b&gt;</title></entry>"
        );
        assert_eq!(dropped, 2);
        // A text construct inside a base64 one (found by a mutation run): read once.
        let (out, dropped) =
            normalise("<title mode=\"base64\">a<title>b</title><summary>c</summary>");
        assert_eq!((out.as_str(), dropped), ("<summary>c</summary>", 1));
    }
}
