//! HTML (and XHTML) to clean text for indexing: scripts, styles, inline SVG and share
//! widgets dropped, block elements become paragraph breaks, entities decoded (twice when
//! a feed escaped them twice), whitespace folded.
//!
//! A small scanner rather than a DOM: feed content is fragments, often broken, and all we
//! need is the words in order with paragraph breaks. It never fails and never panics on
//! any input (tested over the fixture feeds). Pure; calls nothing in the crate.

/// Elements whose content is not text for a reader.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "embed",
    "video", "audio", "canvas", "select", "button", "form",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "pre",
    "dd",
    "dt",
    "dl",
    "aside",
    "nav",
    "main",
    "center",
    "address",
];

/// Clean text from HTML: paragraphs separated by a blank line.
pub fn to_text(html: &str) -> String {
    let once = scan(html);
    // Some feeds escape their HTML twice: what came out still holds markup.
    let text = if looks_like_markup(&once) {
        scan(&once)
    } else {
        once
    };
    tidy(&text)
}

fn looks_like_markup(s: &str) -> bool {
    [
        "<p>", "<p ", "<br", "<div", "<a href", "<img ", "</p>", "</a>",
    ]
    .iter()
    .any(|m| s.contains(m))
}

fn scan(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[used..];
            continue;
        }
        // A tag, a comment, CDATA, or a lone '<'.
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|e| &after[e + 3..]).unwrap_or("");
            continue;
        }
        if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            out.push_str(&after[..end]);
            rest = after.get(end + 3..).unwrap_or("");
            continue;
        }
        let next = rest[1..].chars().next();
        if !next.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?') {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let Some(end) = tag_end(rest) else {
            // An unterminated tag at the end of a truncated fragment: drop it.
            rest = "";
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        let local = name.rsplit(':').next().unwrap_or("").to_string();
        let self_closing = tag.ends_with('/');
        let lower = tag.to_ascii_lowercase();
        let widget = !closing && (local == "div" || local == "p") && is_widget(&lower);
        if !closing && !self_closing && (SKIP.contains(&local.as_str()) || widget) {
            rest = skip_element(rest, &local);
            out.push_str("\n\n");
            continue;
        }
        if local == "br" {
            out.push('\n');
        } else if BLOCK.contains(&local.as_str()) {
            out.push_str("\n\n");
        } else if local == "td" || local == "th" || local == "img" {
            out.push(' ');
        }
    }
    out.push_str(rest);
    out
}

/// A share bar or FeedBurner "feedflare": a class naming one, as a whole word.
fn is_widget(tag_lower: &str) -> bool {
    let Some(at) = tag_lower.find("class=") else {
        return false;
    };
    let value = &tag_lower[at + "class=".len()..];
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
        _ => value.split_whitespace().next().unwrap_or(""),
    };
    value
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| matches!(w, "feedflare" | "share" | "sharing" | "social" | "sharebar"))
}

/// The index of the `>` that ends the tag starting at `s[0] == '<'`, quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Skip to after the `</name>` that closes an element, counting nested ones of that name.
fn skip_element<'a>(mut s: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 1;
    loop {
        let lower = s.to_ascii_lowercase();
        let next_open = lower.find(&open);
        let Some(next_close) = lower.find(&close) else {
            return "";
        };
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                s = &s[o + open.len()..];
            }
            _ => {
                depth -= 1;
                let after = &s[next_close..];
                s = after.find('>').map(|e| &after[e + 1..]).unwrap_or("");
                if depth == 0 {
                    return s;
                }
            }
        }
    }
}

/// Decode the entity at the start of `s`; returns the text and the bytes used. A `&`
/// that starts no known entity stays as it is.
fn entity(s: &str) -> (String, usize) {
    let body: String = s[1..]
        .chars()
        .take(12)
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    let used = 1 + body.len() + usize::from(s[1 + body.len()..].starts_with(';'));
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        n.and_then(|n| match n {
            // Windows-1252 code points written as numbers, as old feeds do.
            0x80..=0x9f => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[n as u8])
                .0
                .chars()
                .next(),
            0 => None,
            n => char::from_u32(n),
        })
        .map(String::from)
    } else {
        named(&body).map(String::from)
    };
    match decoded {
        Some(d) => (d, used),
        None => ("&".to_string(), 1),
    }
}

fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "middot" => "·",
        "bull" => "•",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "euro" => "€",
        "pound" => "£",
        "deg" => "°",
        "shy" => "",
        "zwj" | "zwnj" | "lrm" | "rlm" => "",
        "times" => "×",
        "aacute" => "á",
        "agrave" => "à",
        "acirc" => "â",
        "atilde" => "ã",
        "auml" => "ä",
        "ccedil" => "ç",
        "eacute" => "é",
        "egrave" => "è",
        "ecirc" => "ê",
        "euml" => "ë",
        "iacute" => "í",
        "igrave" => "ì",
        "icirc" => "î",
        "iuml" => "ï",
        "ntilde" => "ñ",
        "oacute" => "ó",
        "ograve" => "ò",
        "ocirc" => "ô",
        "otilde" => "õ",
        "ouml" => "ö",
        "uacute" => "ú",
        "ugrave" => "ù",
        "ucirc" => "û",
        "uuml" => "ü",
        "szlig" => "ß",
        "Aacute" => "Á",
        "Agrave" => "À",
        "Eacute" => "É",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "Auml" => "Ä",
        "Ccedil" => "Ç",
        _ => return None,
    })
}

/// Fold whitespace inside paragraphs, keep single line breaks, one blank line between
/// paragraphs.
fn tidy(s: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    for para in s.split("\n\n") {
        let lines: Vec<String> = para
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            paras.push(lines.join("\n"));
        }
    }
    paras.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_entities_and_scripts() {
        let html = "<p>Rutte said &ldquo;we stand firm&rdquo; &amp; more.</p>\
                    <script>alert('x')</script><style>p{}</style>\
                    <p>Second<br/>line &#8212; &#x27;ok&#39; &nbsp;end</p>";
        assert_eq!(
            to_text(html),
            "Rutte said “we stand firm” & more.\n\nSecond\nline — 'ok' \u{a0}end"
                .replace(" \u{a0}", " ")
        );
    }

    #[test]
    fn double_escaped_markup_and_entities_are_decoded() {
        assert_eq!(
            to_text("&lt;p&gt;He said it&amp;#39;s fine.&lt;/p&gt;"),
            "He said it's fine."
        );
    }

    #[test]
    fn svg_comments_widgets_and_broken_tags_go() {
        let html = "<div>Text<svg><g><svg>x</svg></g>y</svg> after<!-- c --></div>\
                    <div class=\"feedflare\"><a href=\"x\">Share</a></div><p>tail <b";
        assert_eq!(to_text(html), "Text\n\nafter\n\ntail");
        assert_eq!(to_text("a < b & c"), "a < b & c");
        let kept = "<div class=\"article-body\" data-share-url=\"x\"><p>Kept.</p></div>\
                    <div class=\"social-links\">Tweet</div>";
        assert_eq!(to_text(kept), "Kept.");
        assert_eq!(
            to_text("&#0;&#xFFFFFFFF;&unknown;"),
            "&#0;&#xFFFFFFFF;&unknown;"
        );
    }
}
