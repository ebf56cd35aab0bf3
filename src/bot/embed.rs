//! Answers as Discord embeds, always within Discord's limits.
//!
//! The text of an answer is the engine's rendering (the same markdown `whosaid ask` prints,
//! from the templates, with article text escaped), so the bot and the CLI never disagree and
//! a template override applies to both. This module decides what goes on which page:
//! - at most [`MAX_SOURCES`] articles are cited: statements and passages from further
//!   articles are left out, and the footer says how many;
//! - the text is split into pages of at most [`PAGE_CHARS`] characters, between statements
//!   (a statement stays with its citation line), else between words; never inside a word
//!   (a single "word" longer than a page, which no template produces, is the only exception);
//! - every page is one embed in its own message: title ≤ 256, description ≤ 4096, footer
//!   ≤ 2048 and the three together ≤ 6000, with no message content at all.
//!
//! Calls `qa` (the answer's citations) and `render::phrasing` only.

use serenity::all::{CreateEmbed, CreateEmbedFooter};

use crate::qa::Answer;
use crate::render::phrasing::escape_markdown;

/// The most articles one answer cites.
pub const MAX_SOURCES: usize = 5;
/// The most characters of answer text on one page (Discord allows 4,096 in a description;
/// this leaves room for the title and footer under the 6,000 per message).
pub const PAGE_CHARS: usize = 3_800;
/// The most characters in an embed title.
pub const TITLE_CHARS: usize = 256;
/// The most pages one answer takes; the text beyond is left out, and the last page says so.
pub const MAX_PAGES: usize = 5;

/// Embed colour: a muted newsroom blue.
const COLOUR: u32 = 0x2b6cb0;

/// One page of an answer: one embed, one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub title: String,
    pub description: String,
    pub footer: String,
}

impl Page {
    /// The serenity embed for this page.
    pub fn to_embed(&self) -> CreateEmbed {
        let mut embed = CreateEmbed::new()
            .colour(COLOUR)
            .description(self.description.clone());
        if !self.title.is_empty() {
            embed = embed.title(self.title.clone());
        }
        if !self.footer.is_empty() {
            embed = embed.footer(CreateEmbedFooter::new(self.footer.clone()));
        }
        embed
    }

    /// Characters Discord counts toward the 6,000 per message.
    pub fn chars(&self) -> usize {
        self.title.chars().count() + self.description.chars().count() + self.footer.chars().count()
    }
}

/// Keep the statements and passages of the first [`MAX_SOURCES`] articles (in the answer's
/// order) and say how many were left out.
pub fn limit_sources(answer: &Answer) -> (Answer, usize) {
    let keep = |id: &str, kept: &mut Vec<String>| -> bool {
        if kept.iter().any(|k| k == id) {
            return true;
        }
        if kept.len() < MAX_SOURCES {
            kept.push(id.to_string());
            return true;
        }
        false
    };
    let mut kept: Vec<String> = Vec::new();
    let mut limited = answer.clone();
    limited
        .statements
        .retain(|s| keep(&s.document.id, &mut kept));
    limited.passages.retain(|p| keep(&p.document.id, &mut kept));
    let dropped = answer.statements.len() - limited.statements.len() + answer.passages.len()
        - limited.passages.len();
    (limited, dropped)
}

/// The pages for an answer, given its rendered text (`Engine::render` of the answer after
/// [`limit_sources`]) and how many statements `limit_sources` left out.
pub fn answer_pages(title: &str, answer: &Answer, rendered: &str, left_out: usize) -> Vec<Page> {
    let sources = {
        let mut ids: Vec<&str> = answer
            .statements
            .iter()
            .map(|s| s.document.id.as_str())
            .chain(answer.passages.iter().map(|p| p.document.id.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    let mut summary = Vec::new();
    if !answer.statements.is_empty() {
        summary.push(plural(answer.statements.len(), "statement"));
    }
    if !answer.passages.is_empty() {
        summary.push(plural(answer.passages.len(), "passage"));
    }
    if sources > 0 {
        summary.push(plural(sources, "source"));
    }
    if left_out > 0 {
        summary.push(format!(
            "{left_out} more from other articles not shown (at most {MAX_SOURCES} sources)"
        ));
    }
    paged(title, rendered, &summary.join(" · "))
}

/// Discord's limits on one embed's description and on a message's embeds in all.
const DESCRIPTION_LIMIT: usize = 4_096;
const MESSAGE_LIMIT: usize = 6_000;

/// End the last page with a link to `name`'s page on the statement explorer, when it fits
/// within Discord's limits (it always does after a page of [`PAGE_CHARS`]; a page a
/// template made longer goes without).
pub fn link_person(pages: &mut [Page], name: &str, url: &str) {
    let Some(last) = pages.last_mut() else {
        return;
    };
    let line = format!("\n\n[All statements by {}]({url})", escape_markdown(name));
    let added = line.chars().count();
    if last.description.chars().count() + added <= DESCRIPTION_LIMIT
        && last.chars() + added <= MESSAGE_LIMIT
    {
        last.description.push_str(&line);
    }
}

/// Pages for any text: split cleanly, the footer on each page with "page i/n" when several.
pub fn paged(title: &str, text: &str, footer: &str) -> Vec<Page> {
    let title = shorten_words(&escape_markdown(title.trim()), TITLE_CHARS);
    let mut chunks = split(text, PAGE_CHARS);
    let mut shortened = false;
    if chunks.len() > MAX_PAGES {
        chunks.truncate(MAX_PAGES);
        shortened = true;
    }
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, description)| {
            let mut parts: Vec<String> = Vec::new();
            if !footer.is_empty() {
                parts.push(footer.to_string());
            }
            if n > 1 {
                parts.push(format!("page {}/{}", i + 1, n));
            }
            if shortened && i + 1 == n {
                parts.push("the rest is left out; ask a narrower question".to_string());
            }
            Page {
                title: if i == 0 { title.clone() } else { String::new() },
                description,
                footer: shorten_words(&parts.join(" · "), 2_000),
            }
        })
        .collect()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Split text into chunks of at most `max` characters: between blocks (a line and the
/// indented lines after it, e.g. a statement and its citation), else between lines, else
/// between words. Never returns an empty chunk; empty text gives one chunk saying so.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return vec!["(no text)".to_string()];
    }
    // Blocks: a line starting without indentation, with the indented lines that follow.
    let mut blocks: Vec<String> = Vec::new();
    for line in text.lines() {
        let continues = line.starts_with([' ', '\t']) && !blocks.is_empty();
        match blocks.last_mut() {
            Some(last) if continues => {
                last.push('\n');
                last.push_str(line);
            }
            _ => blocks.push(line.to_string()),
        }
    }
    let mut pieces: Vec<String> = Vec::new();
    for block in blocks {
        if block.chars().count() <= max {
            pieces.push(block);
        } else {
            for line in block.lines() {
                pieces.extend(split_words(line, max));
            }
        }
    }
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        let needed = if current.is_empty() {
            piece.chars().count()
        } else {
            current.chars().count() + 1 + piece.chars().count()
        };
        if needed > max && !current.is_empty() {
            chunks.push(std::mem::take(&mut current).trim_end().to_string());
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(&piece);
    }
    if !current.trim().is_empty() {
        chunks.push(current.trim_end().to_string());
    }
    chunks.retain(|c| !c.trim().is_empty());
    if chunks.is_empty() {
        chunks.push("(no text)".to_string());
    }
    chunks
}

/// Split one line at spaces into pieces of at most `max` characters; a word longer than
/// `max` is cut at a character boundary (the only case where a word is cut).
fn split_words(line: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word.to_string();
        while word.chars().count() > max {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            let head: String = word.chars().take(max).collect();
            word = word.chars().skip(max).collect();
            out.push(head);
        }
        let len = current.chars().count();
        if len > 0 && len + 1 + word.chars().count() > max {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// At most `max` characters, cut at a space and ended with "…" when shortened.
pub fn shorten_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let budget = max.saturating_sub(1);
    let head: String = s.chars().take(budget).collect();
    let cut = match head.rfind(' ') {
        Some(i) if i > 0 => head[..i].trim_end(),
        _ => head.as_str(),
    };
    // A trailing backslash would escape the ellipsis.
    format!("{}…", cut.trim_end_matches('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_link_ends_the_last_page_only_when_it_fits() {
        let mut pages = paged("q", "short answer", "1 statement");
        link_person(
            &mut pages,
            "Ann *Lee*",
            "https://w.example/people/Ann%20Lee",
        );
        assert!(
            pages[0]
                .description
                .ends_with("[All statements by Ann \\*Lee\\*](https://w.example/people/Ann%20Lee)"),
            "{}",
            pages[0].description
        );
        let mut full = vec![Page {
            title: String::new(),
            description: "x".repeat(DESCRIPTION_LIMIT - 10),
            footer: String::new(),
        }];
        link_person(&mut full, "Ann Lee", "https://w.example/people/Ann%20Lee");
        assert_eq!(
            full[0].description.len(),
            DESCRIPTION_LIMIT - 10,
            "left out"
        );
        link_person(&mut [], "Ann Lee", "https://w.example/");
    }
    use crate::nlp::StatementKind;
    use crate::qa::{CitedStatement, DocRef, Intent};
    use chrono::NaiveDate;

    fn within_limits(pages: &[Page]) {
        for p in pages {
            assert!(p.title.chars().count() <= 256, "title {}", p.title);
            assert!(p.description.chars().count() <= 4096);
            assert!(p.footer.chars().count() <= 2048);
            assert!(p.chars() <= 6000);
            assert!(!p.description.is_empty());
        }
    }

    #[test]
    fn short_text_is_one_page_with_title() {
        let pages = paged("Who?", "one line\n  — its source", "1 statement");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].title, "Who?");
        assert_eq!(pages[0].description, "one line\n  — its source");
        assert_eq!(pages[0].footer, "1 statement");
    }

    #[test]
    fn long_text_splits_between_statements_never_mid_word() {
        let statement = |i: usize| {
            format!(
                "**Speaker {i}** said: {}\n  — quoted · *Title {i}*, 22 October 2025 <https://example.org/{i}>",
                "word ".repeat(150).trim_end()
            )
        };
        let text: Vec<String> = (0..12).map(statement).collect();
        let text = text.join("\n");
        let pages = paged("A long answer", &text, "12 statements");
        assert!(pages.len() > 1);
        within_limits(&pages);
        for p in &pages {
            // Every page starts with a statement and ends with its citation.
            assert!(p.description.starts_with("**Speaker"), "{}", p.description);
            assert!(p.description.ends_with('>'), "{}", p.description);
        }
        let joined: Vec<&str> = pages.iter().map(|p| p.description.as_str()).collect();
        assert_eq!(joined.join("\n"), text, "nothing lost, nothing cut");
        assert!(pages[1].title.is_empty());
        assert!(pages[0]
            .footer
            .ends_with(&format!("page 1/{}", pages.len())));
    }

    #[test]
    fn a_huge_paragraph_splits_between_words() {
        let text = "lorem ipsum ".repeat(1_000);
        let pages = split(&text, PAGE_CHARS);
        assert!(pages.len() > 1);
        for p in &pages {
            assert!(p.chars().count() <= PAGE_CHARS);
            assert!(p.starts_with("lorem") || p.starts_with("ipsum"), "{p}");
            assert!(p.ends_with("lorem") || p.ends_with("ipsum"), "{p}");
        }
    }

    #[test]
    fn too_many_pages_are_cut_with_a_note() {
        let text = "word ".repeat(PAGE_CHARS * 2);
        let pages = paged("t", &text, "");
        assert_eq!(pages.len(), MAX_PAGES);
        within_limits(&pages);
        assert!(pages[MAX_PAGES - 1].footer.contains("left out"));
    }

    #[test]
    fn titles_are_escaped_and_shortened_at_a_word() {
        let title = format!("@everyone *{}*", "long ".repeat(100));
        let pages = paged(&title, "x", "");
        let t = &pages[0].title;
        assert!(t.chars().count() <= TITLE_CHARS);
        assert!(t.ends_with('…'));
        assert!(!t.contains("@everyone"), "{t}");
        assert!(t.starts_with("@\u{200b}everyone \\*long"), "{t}");
    }

    fn statement_from(doc: usize) -> CitedStatement {
        CitedStatement {
            id: None,
            speaker: Some("Kremlin".to_string()),
            role: None,
            cue: Some("stating".to_string()),
            content: "there is no set timeline for a summit <@&123> @everyone *bold*".to_string(),
            antecedent: None,
            kind: StatementKind::Indirect,
            when: None,
            when_text: Some("last week".to_string()),
            setting: None,
            sentence: "The Kremlin echoed this sentiment.".to_string(),
            document: DocRef {
                id: format!("doc{doc}"),
                title: format!("Article {doc} with _markdown_"),
                published: NaiveDate::from_ymd_opt(2025, 10, 22),
                url: Some(format!("https://example.org/{doc}")),
                source: None,
            },
            score: 1.0,
        }
    }

    fn answer_with(statements: usize, docs: usize) -> Answer {
        Answer {
            question: "What did the Kremlin say about the summit?".to_string(),
            intent: Intent::WhatSaid,
            subject: Some("Kremlin".to_string()),
            topic: Some("the summit".to_string()),
            statements: (0..statements)
                .map(|i| statement_from(i % docs.max(1)))
                .collect(),
            passages: Vec::new(),
            entity: None,
            yes_no: false,
            unresolved: None,
            outside_window: None,
        }
    }

    #[test]
    fn at_most_five_sources_are_cited() {
        let mut answer = answer_with(0, 1);
        answer.statements = (0..8).map(statement_from).collect();
        answer.statements.push(statement_from(0));
        let (limited, dropped) = limit_sources(&answer);
        assert_eq!(dropped, 3);
        assert_eq!(limited.statements.len(), 6);
        let pages = answer_pages("q", &limited, "text", dropped);
        assert!(
            pages[0].footer.contains("6 statements"),
            "{}",
            pages[0].footer
        );
        assert!(pages[0].footer.contains("5 sources"), "{}", pages[0].footer);
        assert!(pages[0].footer.contains("3 more"), "{}", pages[0].footer);
    }

    #[test]
    fn rendered_answers_fit_and_escape_articles() {
        let renderer = crate::render::Renderer::new(None).expect("templates");
        for answer in [answer_with(1, 1), answer_with(40, 7), answer_with(0, 1)] {
            let (limited, dropped) = limit_sources(&answer);
            let text = renderer.render(&limited);
            let pages = answer_pages(&answer.question, &limited, &text, dropped);
            within_limits(&pages);
            let embed = serde_json::to_value(pages[0].to_embed()).expect("serialize");
            let description = embed["description"].as_str().unwrap_or_default();
            assert!(!description.contains("<@&123>"), "{description}");
            assert!(!description.contains("@everyone"), "{description}");
        }
    }
}
