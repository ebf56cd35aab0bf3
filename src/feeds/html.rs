//! HTML (and XHTML) to clean text for indexing: scripts, styles, inline SVG and share
//! widgets dropped, block elements become paragraph breaks, entities decoded (twice when
//! a feed escaped them twice), whitespace folded.
//!
//! Feed content is fragments, often broken. It is read by html5ever's HTML5 tokenizer,
//! which recovers from broken markup as browsers do (a stray quote in a tag, a tag cut off
//! at the end, `<script>` and `<style>` contents, every named and numeric character
//! reference). Text needs no tree: only a little of tree construction is kept here, what
//! decides which characters are text (raw-text elements) and which elements to drop. That
//! keeps the time linear in the input, where a tree builder's scope checks take seconds on
//! a fragment of a hundred thousand unclosed `<div>`s. Never fails and never panics on any
//! input (tested over the fixture feeds and the `feed` fuzz target's findings). Pure; calls
//! nothing in the crate.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;

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
    let once = text_of(html);
    // Some feeds escape their HTML twice: what came out still holds markup.
    let text = if looks_like_markup(&once) {
        text_of(&once)
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

/// The text of an HTML fragment, in document order, with `\n\n` around blocks and for a
/// dropped element, `\n` for a line break, a space around cells and images.
fn text_of(html: &str) -> String {
    let sink = TextSink {
        state: RefCell::new(State {
            out: String::with_capacity(html.len()),
            skipping: None,
        }),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never asks to pause for a script, so one call reads everything.
    while !input.is_empty() {
        if let TokenizerResult::Done = tokenizer.feed(&input) {
            break;
        }
    }
    tokenizer.end();
    let state = tokenizer.sink.state.take();
    state.out
}

/// What the tokens have given so far.
#[derive(Default)]
struct State {
    out: String,
    /// Inside a dropped element: its name, and how many of that name are open.
    skipping: Option<(String, usize)>,
}

struct TextSink {
    state: RefCell<State>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::CharacterTokens(text) if state.skipping.is_none() => state.out.push_str(&text),
            Token::TagToken(tag) => return state.tag(&tag),
            _ => {} // comments, doctypes, NULs (dropped, as in a page's body), errors, EOF
        }
        TokenSinkResult::Continue
    }
}

impl State {
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name = local_name(&tag.name);
        let start = tag.kind == TagKind::StartTag;
        // As the tree builder does: these elements' content is read as text (or as text
        // with references) up to their own end tag, whatever it looks like.
        let raw = match name {
            _ if !start => None,
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                Some(RawKind::Rawtext)
            }
            "title" | "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        let result = match raw {
            Some(kind) if !tag.self_closing => TokenSinkResult::RawData(kind),
            _ => TokenSinkResult::Continue,
        };
        if let Some((skipped, open)) = &mut self.skipping {
            if skipped == name && !tag.self_closing {
                if start {
                    *open += 1;
                } else {
                    *open -= 1;
                }
            }
            if *open == 0 {
                self.skipping = None;
            }
            return result;
        }
        // An element written self-closing (XHTML) holds nothing to drop.
        let dropped = start
            && !tag.self_closing
            && (SKIP.contains(&name) || (matches!(name, "div" | "p") && is_widget(tag)));
        if dropped {
            self.out.push_str("\n\n");
            self.skipping = Some((name.to_string(), 1));
        } else {
            self.out.push_str(separator(name));
        }
        result
    }
}

/// The element's name without an XML prefix (`xhtml:div` is a `div`).
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// What an element's start or end tag stands for in the text.
fn separator(name: &str) -> &'static str {
    if name == "br" {
        "\n"
    } else if BLOCK.contains(&name) {
        "\n\n"
    } else if matches!(name, "td" | "th" | "img") {
        " "
    } else {
        ""
    }
}

/// A share bar or FeedBurner "feedflare": a class naming one, as a whole word.
fn is_widget(tag: &Tag) -> bool {
    tag.attrs
        .iter()
        .filter(|a| &*a.name.local == "class")
        .any(|a| {
            a.value
                .to_ascii_lowercase()
                .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
                .any(|w| matches!(w, "feedflare" | "share" | "sharing" | "social" | "sharebar"))
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
        // A reference to no character is shown as U+FFFD, as browsers do; an unknown
        // name stays as written.
        assert_eq!(
            to_text("&#0;&#xFFFFFFFF;&unknown;"),
            "\u{fffd}\u{fffd}&unknown;"
        );
    }

    #[test]
    fn broken_markup_is_read_as_browsers_read_it() {
        // A stray quote after an attribute starts no value: the text after the tag stays.
        assert_eq!(
            to_text("<a href='x' data-c='1''>Follow</a> <p>The app is crud."),
            "Follow\n\nThe app is crud."
        );
        // Paragraphs and list items left open end where the next one starts.
        assert_eq!(
            to_text("<p>One<p>Two<ul><li>a<li>b</ul>"),
            "One\n\nTwo\n\na\n\nb"
        );
        // Every named reference, without its semicolon where HTML allows that.
        assert_eq!(
            to_text("&oelig;uvre &hearts; caf&eacute &rsaquo;"),
            "œuvre ♥ café ›"
        );
        // A whole page's head is no text either.
        assert_eq!(
            to_text("<html><head><title>Page</title></head><body><p>Body</p></body></html>"),
            "Body"
        );
        // A template's content and a script left open are not text.
        assert_eq!(
            to_text("<template><p>hidden</p></template>shown<script>x"),
            "shown"
        );
    }

    #[test]
    fn deeply_nested_markup_is_read_in_one_pass() {
        let html = "<div><b>".repeat(100_000) + "deep" + &"</b>".repeat(100_000);
        assert_eq!(to_text(&html), "deep");
        let skipped = "<svg>".repeat(100_000) + "x" + &"</svg>".repeat(99_999) + "<p>after";
        assert_eq!(to_text(&skipped), "");
    }
}
