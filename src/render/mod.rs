//! Rendering answers with the minijinja templates in `prompts/`.
//!
//! Owns the templates: the defaults shipped in the binary, overrides from a directory, and
//! their validation. Every template is compiled and rendered against sample answers at
//! start-up, so a broken one is reported with its file, line and reason before the first
//! question, never in the middle of a chat. May call `qa` types and
//! `corpus::shorten`; knows nothing of Discord.

pub mod pages;
pub mod phrasing;

use std::path::{Path, PathBuf};

use minijinja::value::Serde;
use minijinja::{Environment, Value};

use crate::qa::{Answer, CitedStatement, DocRef, Intent};

/// The templates, by name, with their shipped defaults.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("_macros.j2", include_str!("../../prompts/_macros.j2")),
    ("who_said.j2", include_str!("../../prompts/who_said.j2")),
    ("what_said.j2", include_str!("../../prompts/what_said.j2")),
    ("timeline.j2", include_str!("../../prompts/timeline.j2")),
    ("when.j2", include_str!("../../prompts/when.j2")),
    ("who_is.j2", include_str!("../../prompts/who_is.j2")),
    ("position.j2", include_str!("../../prompts/position.j2")),
    ("search.j2", include_str!("../../prompts/search.j2")),
    ("not_found.j2", include_str!("../../prompts/not_found.j2")),
    ("help.j2", include_str!("../../prompts/help.j2")),
    (
        "update_post.j2",
        include_str!("../../prompts/update_post.j2"),
    ),
];

/// Discord's limit on a message's content, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// An update post: new statements from one article, for one subscription.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct UpdatePost {
    /// "person", "topic" or "feed".
    pub kind: String,
    /// What the subscription follows: the person, the topic, the feed's address.
    pub value: String,
    /// The role to mention (`<@&id>`), if the subscription names one.
    pub role_mention: Option<String>,
    pub document: DocRef,
    pub statements: Vec<CitedStatement>,
    /// How many further statements were left out to keep the post within Discord's limit.
    pub more: usize,
}

/// Rendering work a template may do per answer (minijinja fuel): generous for real
/// templates, a stop for runaway loops in a user's template.
const FUEL: u64 = 200_000;

/// A template that does not compile or render, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("template {file}{}: {reason}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct TemplateError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub reason: String,
}

/// The compiled templates.
pub struct Renderer {
    env: Environment<'static>,
    /// What they were compiled from (name, text, where from), to derive a server's own set.
    sources: Vec<(String, String, PathBuf)>,
}

impl Renderer {
    /// The shipped templates, with any file of the same name in `dir` taking their place.
    pub fn new(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut sources: Vec<(String, String, PathBuf)> = TEMPLATES
            .iter()
            .map(|(name, src)| {
                (
                    name.to_string(),
                    src.to_string(),
                    PathBuf::from("prompts").join(name),
                )
            })
            .collect();
        if let Some(dir) = dir {
            for (name, src, path) in &mut sources {
                let candidate = dir.join(&*name);
                if candidate.exists() {
                    *src = std::fs::read_to_string(&candidate).map_err(|e| TemplateError {
                        file: candidate.clone(),
                        line: None,
                        reason: format!("cannot read: {e}"),
                    })?;
                    *path = candidate;
                }
            }
        }
        Self::from_sources(sources)
    }

    /// Compile the given templates and check each against sample answers.
    pub fn from_sources(sources: Vec<(String, String, PathBuf)>) -> Result<Self, TemplateError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_fuel(Some(FUEL));
        env.add_filter("md", |s: String| phrasing::escape_markdown(&s));
        env.add_filter("subject", |s: String| phrasing::speaker_as_subject(&s));
        env.add_filter("past", |s: Option<String>| {
            phrasing::cue_past(s.as_deref().unwrap_or(""))
        });
        env.add_filter("date", |s: Option<String>| {
            s.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
                .map(phrasing::date_words)
                .unwrap_or_default()
        });
        env.add_filter("link", |s: Option<String>| {
            s.map(|u| format!("<{u}>")).unwrap_or_default()
        });
        env.add_test("dated_by_article", |s: Value| dated_by_article(&s));
        for (name, src, path) in &sources {
            env.add_template_owned(name.clone(), src.clone())
                .map_err(|e| template_error(path, &e))?;
        }
        let renderer = Renderer {
            env,
            sources: sources.clone(),
        };
        renderer
            .try_render_update(&samples::update_post())
            .map_err(|e| {
                let path = sources
                    .iter()
                    .find(|(n, _, _)| n == "update_post.j2")
                    .map(|(_, _, p)| p.clone())
                    .unwrap_or_else(|| PathBuf::from("update_post.j2"));
                template_error(&path, &e)
            })?;
        for sample in samples::answers() {
            let name = template_for(&sample);
            let path = sources
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, _, p)| p.clone())
                .unwrap_or_else(|| PathBuf::from(name));
            renderer
                .try_render(&sample)
                .map_err(|e| template_error(&path, &e))?;
        }
        Ok(renderer)
    }

    /// These templates with some replaced (`name`, text): a server's own set. The result
    /// is checked against the sample answers like the shipped set; an override named
    /// `origin` in errors (e.g. "server template who_said.j2").
    pub fn with_overrides(&self, overrides: &[(String, String)]) -> Result<Self, TemplateError> {
        let mut sources = self.sources.clone();
        for (name, text) in overrides {
            match sources.iter_mut().find(|(n, _, _)| n == name) {
                Some(entry) => {
                    entry.1 = text.clone();
                    entry.2 = PathBuf::from(name);
                }
                None => {
                    return Err(TemplateError {
                        file: PathBuf::from(name),
                        line: None,
                        reason: "there is no template of that name".to_string(),
                    })
                }
            }
        }
        Self::from_sources(sources)
    }

    /// The text of the template `name` as this renderer uses it.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, text, _)| text.as_str())
    }

    /// The answer as markdown, as the bot posts it.
    pub fn render(&self, answer: &Answer) -> String {
        self.try_render(answer).unwrap_or_else(|e| {
            tracing::error!(error = %e.display_debug_info(), "a template failed to render");
            format!(
                "Sorry, the answer template failed ({}). Tell the bot's operators.",
                e.kind()
            )
        })
    }

    /// An update post as markdown, within Discord's message limit: when the statements do
    /// not fit, the last ones are left out (counted in `more`), and a single statement
    /// that alone is too long is shortened at a word.
    pub fn render_update(&self, post: &UpdatePost) -> Result<String, TemplateError> {
        let err = |e: minijinja::Error| template_error(Path::new("update_post.j2"), &e);
        let mut post = post.clone();
        loop {
            let text = self.try_render_update(&post).map_err(err)?;
            if text.chars().count() <= MAX_MESSAGE_CHARS {
                return Ok(text);
            }
            if post.statements.len() > 1 {
                post.statements.pop();
                post.more += 1;
                continue;
            }
            let Some(first) = post.statements.first_mut() else {
                return Ok(crate::corpus::shorten(&text, MAX_MESSAGE_CHARS));
            };
            // What the post says: the antecedent, for content that points back.
            let said = match first.antecedent.as_mut() {
                Some(antecedent) => antecedent,
                None => &mut first.content,
            };
            let over = text.chars().count() - MAX_MESSAGE_CHARS;
            let keep = said.chars().count().saturating_sub(over + 8);
            if keep < 40 {
                return Ok(crate::corpus::shorten(&text, MAX_MESSAGE_CHARS));
            }
            *said = crate::corpus::shorten(said, keep);
        }
    }

    fn try_render_update(&self, post: &UpdatePost) -> Result<String, minijinja::Error> {
        let tmpl = self.env.get_template("update_post.j2")?;
        Ok(tidy(&tmpl.render(Value::from(Serde(post)))?))
    }

    /// The help text.
    pub fn help(&self) -> String {
        self.env
            .get_template("help.j2")
            .and_then(|t| t.render(Value::UNDEFINED))
            .map(|s| tidy(&s))
            .unwrap_or_default()
    }

    fn try_render(&self, answer: &Answer) -> Result<String, minijinja::Error> {
        let tmpl = self.env.get_template(template_for(answer))?;
        Ok(tidy(&tmpl.render(Value::from(Serde(answer)))?))
    }
}

/// Which template renders an answer.
pub fn template_for(answer: &Answer) -> &'static str {
    if answer.is_empty() {
        return "not_found.j2";
    }
    match answer.intent {
        Intent::WhoSaid => "who_said.j2",
        Intent::WhatSaid | Intent::Latest => "what_said.j2",
        Intent::Timeline => "timeline.j2",
        Intent::When => "when.j2",
        Intent::WhoIs => "who_is.j2",
        Intent::Position => "position.j2",
        Intent::Search => "search.j2",
    }
}

/// Whether a statement's `when` is no more than its article's publication date: a span with
/// no words of its own ("" as written), on the day the article came out. The article's date
/// in the citation then says it, and a template says it once (`s is dated_by_article`).
fn dated_by_article(statement: &Value) -> bool {
    // A template may test anything: what is not a statement has no such date.
    let attr = |v: &Value, key: &str| v.get_attr(key).unwrap_or(Value::UNDEFINED);
    let when = attr(statement, "when");
    let published = attr(&attr(statement, "document"), "published");
    if published.is_none() || published.is_undefined() {
        return false;
    }
    attr(&when, "text")
        .as_str()
        .is_some_and(|t| t.trim().is_empty())
        && attr(&when, "start") == published
        && attr(&when, "end") == published
}

/// Trim trailing spaces and runs of blank lines that template logic leaves behind.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn template_error(path: &Path, e: &minijinja::Error) -> TemplateError {
    let reason = if e.kind() == minijinja::ErrorKind::OutOfFuel {
        format!("it does too much work for one answer (more than {FUEL} steps): use fewer or smaller loops")
    } else {
        e.detail()
            .map(str::to_string)
            .unwrap_or_else(|| e.kind().to_string())
    };
    TemplateError {
        file: path.to_path_buf(),
        line: e.line(),
        reason,
    }
}

pub mod samples;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::nlp::{time, DateSpan, StatementKind};

    fn published() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, 22).expect("date")
    }

    /// A statement from an article published on 22 October 2025, said at `when`, with
    /// `when_text` as `qa` words it.
    fn statement(when: DateSpan) -> CitedStatement {
        CitedStatement {
            id: None,
            speaker: Some("Ann Lee".to_string()),
            role: Some("Mayor".to_string()),
            cue: Some("said".to_string()),
            content: "the bridge is safe".to_string(),
            antecedent: None,
            kind: StatementKind::Indirect,
            when_text: Some(time::describe(&when)),
            when: Some(when),
            setting: None,
            sentence: "Mayor Ann Lee said the bridge is safe.".to_string(),
            document: DocRef {
                id: "d1".to_string(),
                title: "Bridge".to_string(),
                published: Some(published()),
                url: None,
                source: None,
            },
            score: 1.0,
        }
    }

    fn answer(statements: Vec<CitedStatement>) -> Answer {
        Answer {
            question: "What did Ann Lee say?".to_string(),
            intent: Intent::WhatSaid,
            subject: Some("Ann Lee".to_string()),
            topic: None,
            statements,
            passages: Vec::new(),
            entity: None,
            yes_no: false,
            unresolved: None,
            outside_window: None,
        }
    }

    fn update(st: CitedStatement) -> UpdatePost {
        UpdatePost {
            kind: "person".to_string(),
            value: "Ann Lee".to_string(),
            role_mention: None,
            document: st.document.clone(),
            statements: vec![st],
            more: 0,
        }
    }

    #[test]
    fn a_statement_dated_by_its_article_gives_the_date_once() {
        let r = Renderer::new(None).expect("templates");
        let st = statement(DateSpan::published(published()));
        let text = r.render(&answer(vec![st.clone()]));
        assert_eq!(text.matches("22 October 2025").count(), 1, "{text}");
        let post = r.render_update(&update(st)).expect("update post");
        assert_eq!(post.matches("22 October 2025").count(), 1, "{post}");
    }

    #[test]
    fn content_that_points_back_is_said_as_what_it_stands_for() {
        let r = Renderer::new(None).expect("templates");
        let echo = CitedStatement {
            id: None,
            speaker: Some("Kremlin".to_string()),
            role: None,
            cue: Some("echoed".to_string()),
            content: "this sentiment".to_string(),
            antecedent: Some("that an in-person meeting was unnecessary".to_string()),
            ..statement(DateSpan::published(published()))
        };
        let text = r.render(&answer(vec![echo.clone()]));
        assert!(
            text.contains("**Kremlin** echoed this: that an in-person meeting was unnecessary."),
            "{text}"
        );
        let post = r.render_update(&update(echo.clone())).expect("update post");
        assert!(post.contains("echoed this: that an in-person"), "{post}");
        // Nothing found before it: the content as written.
        let alone = CitedStatement {
            antecedent: None,
            ..echo
        };
        let text = r.render(&answer(vec![alone]));
        assert!(
            text.contains("**Kremlin** echoed this sentiment."),
            "{text}"
        );
    }

    #[test]
    fn a_statement_with_its_own_time_keeps_it_beside_the_articles_date() {
        let r = Renderer::new(None).expect("templates");
        let last_week = DateSpan {
            text: "last week".to_string(),
            start: NaiveDate::from_ymd_opt(2025, 10, 13),
            end: NaiveDate::from_ymd_opt(2025, 10, 19),
            basis: Some(published()),
        };
        let text = r.render(&answer(vec![statement(last_week)]));
        assert!(
            text.contains(
                "reported, last week (the week of 13 October 2025) · *Bridge*, 22 October 2025"
            ),
            "{text}"
        );
        // Said "today", in words of its own: the words stay.
        let today = DateSpan {
            text: "today".to_string(),
            ..DateSpan::published(published())
        };
        let text = r.render(&answer(vec![statement(today)]));
        assert!(text.contains("reported, today (22 October 2025)"), "{text}");
    }
}
