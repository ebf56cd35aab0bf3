//! Markup as the web writes it, mended before the strict XML parser reads it, as HTML
//! would read it: a bare `&` ("AT&T", `?a=1&b=2`) becomes `&amp;`; an HTML named entity
//! XML does not define (`&eacute;`, `&nbsp;`, any of the 2,231 of the HTML standard)
//! becomes its characters; a numeric reference in 128–159 becomes the Windows-1252
//! character HTML reads there (`&#146;` is ’); control characters, which XML forbids,
//! go; a closing tag cut off at the very end gets its `>`. CDATA sections, comments, processing instructions and the DOCTYPE are copied as
//! they are, bar control characters. Each repair is counted, for the feed's status.
//!
//! Pure; the entity and Windows-1252 tables are html5ever's (the HTML standard's).

use std::fmt;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// What the repair pass changed in one document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Repairs {
    pub bare_ampersands: usize,
    pub html_references: usize,
    pub windows_1252: usize,
    pub control_chars: usize,
    pub cut_off_tags: usize,
    /// Base64 content that is not text (an image, say), left out (see `atom`).
    pub binary_left_out: usize,
}

impl Repairs {
    pub fn is_empty(&self) -> bool {
        *self == Repairs::default()
    }
}

impl fmt::Display for Repairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            (self.bare_ampersands, "bare '&' escaped"),
            (self.html_references, "HTML references decoded"),
            (self.windows_1252, "Windows-1252 references mapped"),
            (self.control_chars, "control characters dropped"),
            (self.cut_off_tags, "cut-off closing tag completed"),
            (
                self.binary_left_out,
                "base64 elements that are not text left out",
            ),
        ];
        let said: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        f.write_str(&said.join(", "))
    }
}

/// Sections copied as they are: (opening, closing).
const VERBATIM: &[(&str, &str)] = &[
    ("<![CDATA[", "]]>"),
    ("<!--", "-->"),
    ("<?", "?>"),
    ("<!DOCTYPE", "]>"),
];

/// The XML document `xml` with the repairs made, and their count.
pub fn repair(xml: &str) -> (String, Repairs) {
    let mut out = String::with_capacity(xml.len() + xml.len() / 64);
    let mut done = Repairs::default();
    let mut rest = xml;
    while let Some(at) = rest.find(['<', '&']) {
        copy_text(&rest[..at], &mut out, &mut done);
        rest = &rest[at..];
        if let Some(len) = verbatim_len(rest) {
            copy_text(&rest[..len], &mut out, &mut done);
            rest = &rest[len..];
        } else if rest.starts_with('&') {
            rest = &rest[reference(rest, &mut out, &mut done)..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    copy_text(rest, &mut out, &mut done);
    close_cut_off_tag(&mut out, &mut done);
    (out, done)
}

/// A document that ends inside its last closing tag (`</rss`) gets the `>` it lacks.
fn close_cut_off_tag(out: &mut String, done: &mut Repairs) {
    let Some(at) = out.rfind("</") else {
        return;
    };
    let name = out[at + 2..].trim_end();
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.');
    if !name.is_empty() && name.chars().all(is_name) {
        out.push('>');
        done.cut_off_tags += 1;
    }
}

/// The length of the verbatim section `s` starts with, if it starts with one (to the end
/// of `s` when it is not closed). A DOCTYPE without an internal subset ends at `>`.
fn verbatim_len(s: &str) -> Option<usize> {
    let (open, close) = VERBATIM.iter().find(|(open, _)| s.starts_with(open))?;
    let close = match *open {
        "<!DOCTYPE" if !s[..s.find('>').unwrap_or(s.len())].contains('[') => ">",
        _ => close,
    };
    Some(
        s[open.len()..]
            .find(close)
            .map_or(s.len(), |end| open.len() + end + close.len()),
    )
}

/// The characters XML 1.0 forbids that a feed may still carry.
fn forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}')
}

/// `text` onto `out`, without the control characters XML forbids.
fn copy_text(text: &str, out: &mut String, done: &mut Repairs) {
    if !text.contains(forbidden) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        if forbidden(c) {
            done.control_chars += 1;
        } else {
            out.push(c);
        }
    }
}

/// The reference `s` starts with (at its `&`) onto `out`, repaired; the bytes read.
fn reference(s: &str, out: &mut String, done: &mut Repairs) -> usize {
    let body = &s[1..];
    let hash = usize::from(body.starts_with('#'));
    let name_len = hash
        + body[hash..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(body.len() - hash);
    let len = name_len + 2; // '&', the name, ';'
    if name_len == hash || !body[name_len..].starts_with(';') {
        done.bare_ampersands += 1;
        out.push_str("&amp;");
        return 1;
    }
    let name = &body[..name_len];
    if let Some(number) = name.strip_prefix('#') {
        numeric(number, &s[..len], out, done);
    } else if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
        out.push_str(&s[..len]);
    } else {
        match NAMED_ENTITIES.get(&body[..=name_len]) {
            Some(&(first, second)) if first != 0 => {
                done.html_references += 1;
                [first, second]
                    .into_iter()
                    .filter(|&c| c != 0)
                    .filter_map(char::from_u32)
                    .for_each(|c| push_escaped(c, out));
            }
            // Not HTML's: perhaps declared in the DOCTYPE; the parser keeps it as written.
            _ => out.push_str(&s[..len]),
        }
    }
    len
}

/// A numeric reference (`number` without `&#` and `;`, `written` whole) onto `out`: in
/// 128–159 as Windows-1252, a control character dropped, anything else as written.
fn numeric(number: &str, written: &str, out: &mut String, done: &mut Repairs) {
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => number.parse::<u32>(),
    };
    let Ok(value) = value else {
        // `&#;`, `&#xZZ;`, a number too large: not a reference.
        done.bare_ampersands += 1;
        out.push_str("&amp;");
        out.push_str(&written[1..]);
        return;
    };
    let c1 = (0x80..=0x9f).contains(&value);
    match char::from_u32(value) {
        Some(_) if c1 => match C1_REPLACEMENTS[(value - 0x80) as usize] {
            Some(c) => {
                done.windows_1252 += 1;
                out.push(c);
            }
            None => out.push_str(written),
        },
        Some(c) if forbidden(c) => done.control_chars += 1,
        // `&#X41;`: HTML's, not XML's (which wants a lowercase x).
        Some(c) if number.starts_with('X') => {
            done.html_references += 1;
            push_escaped(c, out);
        }
        Some(_) => out.push_str(written),
        None => {
            // A surrogate or past U+10FFFF: HTML reads U+FFFD.
            done.control_chars += 1;
            out.push('\u{fffd}');
        }
    }
}

/// A character as XML text or attribute content.
fn push_escaped(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> String {
        repair(s).0
    }

    #[test]
    fn bare_ampersands_are_escaped_references_kept() {
        let (out, done) =
            repair("<t>AT&T, Tom & Jerry, a?x=1&y=2 &amp; &#38; &#x26; &lt;b&gt; &copy</t>");
        assert_eq!(
            out,
            "<t>AT&amp;T, Tom &amp; Jerry, a?x=1&amp;y=2 &amp; &#38; &#x26; &lt;b&gt; &amp;copy</t>"
        );
        assert_eq!(done.bare_ampersands, 4);
        assert_eq!(
            fixed("<a href=\"?a=1&b=2\">&</a>&"),
            "<a href=\"?a=1&amp;b=2\">&amp;</a>&amp;"
        );
        assert_eq!(fixed("&#;&#xZZ;"), "&amp;#;&amp;#xZZ;");
        assert_eq!(fixed("<t>&#X41;&#x41;</t>"), "<t>A&#x41;</t>");
    }

    #[test]
    fn html_references_become_characters_escaped_where_xml_needs() {
        let (out, done) =
            repair("<t>&eacute;&cedil;&eth;&mu;&sect;&zwnj;&nbsp;&LT;&AMP;&NotEqualTilde;</t>");
        assert_eq!(out, "<t>é¸ðμ§\u{200c}\u{a0}&lt;&amp;≂\u{338}</t>");
        assert_eq!(done.html_references, 10);
        // Not an HTML entity: perhaps the DOCTYPE declares it.
        assert_eq!(fixed("<t>&custom;</t>"), "<t>&custom;</t>");
    }

    #[test]
    fn windows_1252_references_and_control_characters() {
        let (out, done) =
            repair("<t>don&#146;t &#x93;q&#148; &#129; a\u{1}b\u{0}&#1;&#xD800;\tc\n</t>");
        assert_eq!(
            out,
            "<t>don\u{2019}t \u{201c}q\u{201d} &#129; ab\u{fffd}\tc\n</t>"
        );
        assert_eq!(done.windows_1252, 3);
        assert_eq!(done.control_chars, 4);
        assert_eq!(
            done.to_string(),
            "3 Windows-1252 references mapped, 4 control characters dropped"
        );
    }

    #[test]
    fn verbatim_sections_are_left_alone() {
        let s = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"&b\">]><r><!-- a & b --><![CDATA[x & y &eacute;]]>&eacute;</r>";
        let (out, done) = repair(s);
        assert_eq!(out, s.replace("]]>&eacute;", "]]>é"));
        assert_eq!(done.html_references, 1);
        assert_eq!(done.bare_ampersands, 0);
        assert_eq!(
            fixed("<!DOCTYPE rss SYSTEM \"x\"><r>&</r>"),
            "<!DOCTYPE rss SYSTEM \"x\"><r>&amp;</r>"
        );
        assert_eq!(fixed("<r><![CDATA[cut & off"), "<r><![CDATA[cut & off");
        assert_eq!(fixed("<rss><a>x</a></rss\n"), "<rss><a>x</a></rss\n>");
        assert_eq!(fixed("<rss><a>x</a></rss>\n"), "<rss><a>x</a></rss>\n");
    }
}
