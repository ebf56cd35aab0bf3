//! Bytes of a feed to UTF-8 text: UTF-32 and UTF-16 by their first bytes (with a BOM or
//! without), else a BOM, the XML declaration's encoding, the HTTP charset,
//! else UTF-8 when the bytes are UTF-8, else the encoding `chardetng` (Firefox's detector)
//! guesses from the bytes; and a repair for double-encoded UTF-8 ("ActualitÃ©s").
//!
//! feed-rs reads UTF-8 reliably; everything else is normalised here first, so the parser
//! sees UTF-8 with the declaration saying so. Pure functions; calls nothing in the crate.

use std::sync::OnceLock;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use regex::Regex;

/// The feed as UTF-8 text, with the name of the encoding that was used.
pub fn to_utf8(bytes: &[u8], http_charset: Option<&str>) -> (String, &'static str) {
    if let Some((wide, skip)) = Wide::sniff(bytes) {
        return (fix_declaration(wide.decode(&bytes[skip..])), wide.name());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (fix_declaration(text.into_owned()), enc.name());
    }
    // Bytes that are not UTF-16 (it was sniffed above) cannot be what a UTF-16
    // declaration says.
    let declared = declared_encoding(bytes).filter(|e| *e != UTF_16LE && *e != UTF_16BE);
    let hinted = http_charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    let enc = match (declared, hinted) {
        (Some(e), _) => e,
        (None, Some(e)) => e,
        (None, None) => UTF_8,
    };
    // Undeclared, or declared UTF-8 and not (a mislabelled legacy feed): detected.
    let enc = if enc == UTF_8 && std::str::from_utf8(bytes).is_err() {
        detect(bytes)
    } else {
        enc
    };
    let (text, _, _) = enc.decode(bytes);
    (fix_declaration(text.into_owned()), enc.name())
}

/// The Unicode encodings whose ASCII characters carry zero bytes, which the first bytes
/// of a document tell with or without a byte-order mark (XML 1.0 Appendix F; RFC 4627 for
/// JSON): UTF-32, which the WHATWG encodings leave out, and UTF-16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wide {
    Utf16Be,
    Utf16Le,
    Utf32Be,
    Utf32Le,
}

impl Wide {
    /// The encoding and the length of its byte-order mark. A UTF-16 BOM without the zero
    /// bytes is left to `Encoding::for_bom`; UTF-32LE's BOM starts as UTF-16LE's does.
    fn sniff(bytes: &[u8]) -> Option<(Wide, usize)> {
        Some(match bytes {
            [0, 0, 0xfe, 0xff, ..] => (Wide::Utf32Be, 4),
            [0xff, 0xfe, 0, 0, ..] => (Wide::Utf32Le, 4),
            [0, 0, 0, a, ..] if *a != 0 => (Wide::Utf32Be, 0),
            [a, 0, 0, 0, ..] if *a != 0 => (Wide::Utf32Le, 0),
            [0, a, 0, b, ..] if *a != 0 && *b != 0 => (Wide::Utf16Be, 0),
            [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (Wide::Utf16Le, 0),
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Wide::Utf16Be => "UTF-16BE",
            Wide::Utf16Le => "UTF-16LE",
            Wide::Utf32Be => "UTF-32BE",
            Wide::Utf32Le => "UTF-32LE",
        }
    }

    /// The text; what does not decode becomes U+FFFD.
    fn decode(self, bytes: &[u8]) -> String {
        let unit = |c: &[u8]| match self {
            Wide::Utf32Be => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
            _ => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
        };
        match self {
            Wide::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
            Wide::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
            Wide::Utf32Be | Wide::Utf32Le => bytes
                .chunks(4)
                .map(|c| match c.len() {
                    4 => char::from_u32(unit(c)).unwrap_or('\u{fffd}'),
                    _ => '\u{fffd}',
                })
                .collect(),
        }
    }
}

/// The legacy encoding the bytes are most likely in (windows-1252 for Latin-1 text), from
/// the byte statistics of the whole body. Never UTF-8 (the caller has ruled it out) nor
/// ISO-2022-JP (7-bit, so never the answer for bytes that are not UTF-8).
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// The encoding named in `<?xml … encoding="…"?>`, if any (JSON has none).
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let head = String::from_utf8_lossy(head);
    let start = head.find("<?xml")?;
    let end = start + head[start..].find("?>")?;
    let decl = &head[start..end];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    Encoding::for_label(value.trim().as_bytes())
}

/// Drop anything before the first `<` or `{` (a blank line before the declaration makes
/// strict parsers fail) and, since the text is now UTF-8, any XML declaration that says
/// otherwise; then smooth over what real RSS does that the parser refuses.
fn fix_declaration(text: String) -> String {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.starts_with('{') {
        return trimmed.to_string(); // a JSON Feed
    }
    if !trimmed.starts_with('<') {
        // Junk before the markup (NULs, say): the parser may still find elements in it.
        return drop_later_declarations(trimmed.to_string());
    }
    let body = match trimmed
        .strip_prefix("<?xml")
        .and_then(|_| trimmed.find("?>"))
    {
        Some(end) => format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>{}",
            &trimmed[end + 2..]
        ),
        None => trimmed.to_string(),
    };
    fix_rss_quirks(&known_namespaces(&drop_later_declarations(body)))
}

/// Namespaces that name a format or module feed-rs knows under another name: (as written,
/// lowercased and without a trailing `/`; as feed-rs knows it). Atom 0.3 and its drafts
/// (Echo, Pie) read as Atom 1.0 (the elements it shares: titles, links, content,
/// entries), RSS 0.90 as RSS 1.0 (the same RDF shape), and the spellings of modules that
/// feedparser accepts.
const NAMESPACES: &[(&str, &str)] = &[
    ("http://purl.org/atom/ns#", "http://www.w3.org/2005/Atom"),
    ("http://purl.org/echo", "http://www.w3.org/2005/Atom"),
    ("http://purl.org/pie", "http://www.w3.org/2005/Atom"),
    (
        "http://my.netscape.com/rdf/simple/0.9",
        "http://purl.org/rss/1.0/",
    ),
    (
        "http://search.yahoo.com/mrss",
        "http://search.yahoo.com/mrss/",
    ),
    (
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
    ),
];

/// The namespace declarations of [`NAMESPACES`] rewritten to the name feed-rs knows.
fn known_namespaces(xml: &str) -> String {
    static DECL: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = DECL
        .get_or_init(|| Regex::new(r#"(\sxmlns(?::[\w.-]+)?\s*=\s*)(?:"([^"]*)"|'([^']*)')"#).ok())
    else {
        return xml.to_string();
    };
    re.replace_all(xml, |c: &regex::Captures<'_>| {
        let uri = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
        let key = uri.trim().trim_end_matches('/').to_lowercase();
        let uri = NAMESPACES
            .iter()
            .find(|(written, _)| *written == key)
            .map_or(uri, |(_, known)| known);
        format!("{}\"{uri}\"", &c[1])
    })
    .into_owned()
}

/// Remove XML declarations after the start of the document, where none may stand: feed-rs
/// hands a later one's encoding to quick-xml, which panics (found by the `feed` fuzz
/// target; a feed pasted into another does this). Other processing instructions stay.
pub(super) fn drop_later_declarations(body: String) -> String {
    const DECL: &str = "<?xml";
    let is_decl_at = |s: &str, at: usize| {
        s[at + DECL.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_whitespace() || c == '?')
    };
    let later: Vec<usize> = body
        .match_indices(DECL)
        .map(|(at, _)| at)
        .filter(|&at| at > 0 && is_decl_at(&body, at))
        .collect();
    if later.is_empty() {
        return body;
    }
    let mut out = String::with_capacity(body.len());
    let mut from = 0;
    for at in later {
        if at < from {
            continue; // inside the declaration just removed
        }
        out.push_str(&body[from..at]);
        from = body[at..].find("?>").map_or(body.len(), |end| at + end + 2);
    }
    out.push_str(&body[from..]);
    out
}

/// The version feed-rs reads an `<rss>` start tag as: 0.91 and 0.92 as written, anything
/// else (none, 0.93, 0.94, 2.0.1, ...) as 2.0, the shape they share.
fn rss_version(tag: &str) -> &'static str {
    let at = tag.find("version").map_or("", |at| &tag[at..]);
    match at.split(['"', '\'']).nth(1).map(str::trim) {
        Some("0.91") => "0.91",
        Some("0.92") => "0.92",
        _ => "2.0",
    }
}

/// RSS as served, made readable: an `<rss>` of a version feed-rs does not name is taken
/// as 2.0 (see [`rss_version`]); a default
/// namespace on `<rss>` (which hides every element from an RSS reader) is dropped; empty
/// self-closing extension elements without attributes (`<media:credit/>`) and empty
/// `<item />`s nested in items carry nothing and trip the parser, so they go. (HTML such
/// as `<br/>` is left alone: it may sit in CDATA, where it separates words.)
fn fix_rss_quirks(xml: &str) -> String {
    static EMPTY: OnceLock<Option<Regex>> = OnceLock::new();
    static DEFAULT_NS: OnceLock<Option<Regex>> = OnceLock::new();
    static VERSION: OnceLock<Option<Regex>> = OnceLock::new();
    let mut out = xml.to_string();
    if let Some(start) = out.find("<rss") {
        if let Some(len) = out[start..].find('>') {
            let len = if out[..start + len].ends_with('/') {
                len - 1
            } else {
                len
            };
            let tag = &out[start..start + len];
            let mut fixed = tag.to_string();
            if let Some(re) =
                DEFAULT_NS.get_or_init(|| Regex::new(r#"\sxmlns\s*=\s*("[^"]*"|'[^']*')"#).ok())
            {
                fixed = re.replace_all(&fixed, "").into_owned();
            }
            if let Some(re) =
                VERSION.get_or_init(|| Regex::new(r#"\sversion\s*=\s*("[^"]*"|'[^']*')"#).ok())
            {
                fixed = re.replace_all(&fixed, "").into_owned();
            }
            fixed.push_str(&format!(" version=\"{}\"", rss_version(tag)));
            out.replace_range(start..start + len, &fixed);
        }
    }
    match EMPTY.get_or_init(|| Regex::new(r"<(item|[A-Za-z_][\w.-]*:[\w.-]+)\s*/>").ok()) {
        Some(re) => re.replace_all(&out, "").into_owned(),
        None => out,
    }
}

/// Repair text that was UTF-8, read as windows-1252 and written out as UTF-8 again
/// ("imputÃ© Ã  la Russie", "isnâ€™t"). Only applied when the text shows the tell-tale
/// pairs and the repaired form decodes cleanly; otherwise the text is returned as it was.
pub fn repair_mojibake(s: &str) -> String {
    if !looks_double_encoded(s) {
        return s.to_string();
    }
    // Each lead character (Â..ô as windows-1252 bytes C2..F4) with the continuation
    // characters it needs (bytes 80..BF) is decoded as the UTF-8 sequence it was; anything
    // else is kept as it is, so a text that is only partly double-encoded is still helped.
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        // "à" is C3 A0: when the no-break space was already turned into a plain one,
        // only the "Ã" is left to mend; the space stays.
        if ch == 'Ã' && chars.get(i + 1) == Some(&' ') {
            out.push('à');
            i += 1;
            continue;
        }
        let need = match cp1252_byte(ch) {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 0,
        };
        if need > 0 && i + need <= chars.len() {
            let mut bytes = Vec::with_capacity(need);
            for (k, c) in chars[i..i + need].iter().enumerate() {
                match cp1252_byte(*c) {
                    Some(b) if k == 0 || (0x80..=0xBF).contains(&b) => bytes.push(b),
                    _ => break,
                }
            }
            if bytes.len() == need {
                if let Ok(fixed) = std::str::from_utf8(&bytes) {
                    out.push_str(fixed);
                    i += need;
                    continue;
                }
            }
        }
        out.push(ch);
        i += 1;
    }
    out
}

/// The windows-1252 byte of a character, for characters outside ASCII that have one.
fn cp1252_byte(ch: char) -> Option<u8> {
    if (ch as u32) < 0x80 {
        return None;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = WINDOWS_1252.encode(ch.encode_utf8(&mut buf));
    match (unmappable, bytes.as_ref()) {
        (false, [b]) => Some(*b),
        _ => None,
    }
}

/// A lead character (windows-1252 byte C2..F4) followed by a continuation character (80..BF):
/// the shape of UTF-8 read as windows-1252, and almost never of real text.
fn looks_double_encoded(s: &str) -> bool {
    let mut prev_lead = false;
    for ch in s.chars() {
        let b = cp1252_byte(ch);
        if prev_lead && b.is_some_and(|b| (0x80..=0xBF).contains(&b)) {
            return true;
        }
        prev_lead = b.is_some_and(|b| (0xC2..=0xF4).contains(&b));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_latin1_and_undeclared_latin1_become_utf8() {
        let latin1 =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><t>Not\xedcias</t></rss>";
        let (text, _) = to_utf8(latin1, None);
        assert!(text.contains("Notícias"), "{text}");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        let (text, _) = to_utf8(b"<rss><t>Not\xedcias</t></rss>", None);
        assert!(text.contains("Notícias"), "{text}");
    }

    #[test]
    fn undeclared_legacy_encodings_are_detected_not_taken_for_latin1() {
        let feed = |said: &str, declaration: &str| {
            format!(
                "{declaration}<rss version=\"2.0\"><channel><item><description>{said}\
                 </description></item></channel></rss>"
            )
        };
        let cases = [
            (
                encoding_rs::SHIFT_JIS,
                "首相は記者会見で「経済対策を早急にまとめる」と述べた。政府は来週にも閣議決定する方針だ。",
                "",
            ),
            (
                encoding_rs::WINDOWS_1251,
                "Губернатор заявил журналистам, что решение будет принято на следующей неделе.",
                "",
            ),
            // A UTF-8 label on bytes that are not UTF-8 is no declaration at all.
            (
                encoding_rs::WINDOWS_1251,
                "Губернатор заявил журналистам, что решение будет принято на следующей неделе.",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            ),
        ];
        for (encoding, said, declaration) in cases {
            let xml = feed(said, declaration);
            let (bytes, _, _) = encoding.encode(&xml);
            let (text, used) = to_utf8(&bytes, None);
            assert_eq!(used, encoding.name(), "{said}");
            assert!(text.contains(said), "{text}");
        }
    }

    #[test]
    fn declarations_after_the_start_are_dropped_other_instructions_kept() {
        let (text, _) = to_utf8(
            b"<?xml version=\"1.0\"?><feed><a>x<?xml version=\"1.0\" encoding=\"utf-16\"?>y<?xml?></a><?xml-stylesheet href=\"s\"?><?xml unclosed",
            None,
        );
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed><a>xy</a><?xml-stylesheet href=\"s\"?>"
        );
        // Junk before the markup does not hide a declaration from the parser.
        let (text, _) = to_utf8(b"\xef\xbb\xbf\0<rss>a<?xml version=\"1.0\"?>b</rss>", None);
        assert_eq!(text, "\0<rss>ab</rss>");
    }

    #[test]
    fn bom_and_leading_blank_lines_are_dropped() {
        let (text, _) = to_utf8(b"\xef\xbb\xbf<rss/>", None);
        assert_eq!(text, "<rss version=\"2.0\"/>");
        let (text, _) = to_utf8(b"\n\n<?xml version=\"1.0\"?><rss/>", None);
        assert!(text.starts_with("<?xml"));
    }

    #[test]
    fn rss_quirks_are_smoothed() {
        let (kept, _) = to_utf8(b"<rss><d><![CDATA[a<br/>b]]></d></rss>", None);
        assert!(kept.contains("a<br/>b"), "{kept}");
        let (text, _) = to_utf8(
            b"<rss xmlns=\"http://backend.userland.com/rss2\" xmlns:y=\"urn:y\"><channel><item><media:credit/><item /></item></channel></rss>",
            None,
        );
        assert_eq!(
            text,
            "<rss xmlns:y=\"urn:y\" version=\"2.0\"><channel><item></item></channel></rss>"
        );
    }

    #[test]
    fn older_namespaces_are_read_as_the_formats_they_became() {
        let (text, _) = to_utf8(
            b"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\" xmlns:m='http://search.yahoo.com/mrss' xmlns:i=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\" xmlns:x=\"urn:x\"/>",
            None,
        );
        assert_eq!(
            text,
            "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\" xmlns:m=\"http://search.yahoo.com/mrss/\" xmlns:i=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:x=\"urn:x\"/>"
        );
    }

    #[test]
    fn utf16_and_utf32_are_read_with_or_without_a_bom() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss><t>é ✓ 𝄞</t></rss>";
        let utf16 = |be: bool| -> Vec<u8> {
            xml.encode_utf16()
                .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                .collect()
        };
        let utf32 = |be: bool| -> Vec<u8> {
            xml.chars()
                .flat_map(|c| {
                    if be {
                        (c as u32).to_be_bytes()
                    } else {
                        (c as u32).to_le_bytes()
                    }
                })
                .collect()
        };
        let cases = [
            (utf16(true), "UTF-16BE"),
            (utf16(false), "UTF-16LE"),
            ([&[0xfe, 0xff][..], &utf16(true)].concat(), "UTF-16BE"),
            (utf32(true), "UTF-32BE"),
            (utf32(false), "UTF-32LE"),
            ([&[0, 0, 0xfe, 0xff][..], &utf32(true)].concat(), "UTF-32BE"),
            (
                [&[0xff, 0xfe, 0, 0][..], &utf32(false)].concat(),
                "UTF-32LE",
            ),
        ];
        for (bytes, name) in cases {
            let (text, used) = to_utf8(&bytes, None);
            assert_eq!(used, name);
            assert_eq!(
                text,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><t>é ✓ 𝄞</t></rss>"
            );
        }
        // A UTF-16 declaration on bytes that are not: not believed.
        let (text, used) = to_utf8(xml.as_bytes(), None);
        assert_eq!(used, "UTF-8");
        assert!(text.contains("é ✓ 𝄞"), "{text}");
        // Cut mid-character: a replacement character, no panic.
        assert!(to_utf8(&utf32(true)[..9], None).0.ends_with('\u{fffd}'));
    }

    #[test]
    fn windows_1251_is_decoded() {
        let (text, _) = to_utf8(
            b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>\xcf\xf0\xe8</a>",
            None,
        );
        assert!(text.contains("При"), "{text}");
    }

    #[test]
    fn double_encoded_utf8_is_repaired_and_clean_text_left_alone() {
        assert_eq!(
            repair_mojibake("imputÃ© Ã\u{a0} la Russie"),
            "imputé à la Russie"
        );
        assert_eq!(repair_mojibake("imputÃ© Ã  la"), "imputé à  la");
        assert_eq!(
            repair_mojibake("La Â«Â\u{a0}bulleÂ\u{a0}Â»"),
            "La «\u{a0}bulle\u{a0}»"
        );
        assert_eq!(repair_mojibake("it isnâ€™t"), "it isn’t");
        assert_eq!(repair_mojibake("déjà vu – “quoted”"), "déjà vu – “quoted”");
        assert_eq!(repair_mojibake("Прив"), "Прив");
    }
}
