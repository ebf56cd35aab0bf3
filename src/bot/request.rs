//! What a member asks, parsed at the edge into a [`Request`] that can only be valid, and
//! answered by the engine off the async runtime. Commands and the mention handler build a
//! `Request`; this module turns it into pages (see `embed`) or a message for the asker.
//! Calls `engine`, `qa` and `render`, `corpus::shorten` and `bot::embed`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;

use crate::bot::embed::{self, Page};
use crate::bot::metrics::Metrics;
use crate::config::BaseUrl;
use crate::engine::{Engine, EngineError};
use crate::qa::understand::MAX_QUESTION_CHARS;
use crate::qa::Answer;
use crate::render::pages::path_segment;
use crate::render::Renderer;

/// A question for the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Ask {
        question: String,
    },
    Said {
        person: String,
        about: Option<String>,
        since: Option<NaiveDate>,
    },
    WhoIs {
        name: String,
    },
}

/// A request the asker must fix; the text is for them.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

fn text(raw: &str, what: &str, example: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(Invalid(format!(
            "Please give {what}, for example: {example}"
        )));
    }
    let chars = t.chars().count();
    if chars > MAX_QUESTION_CHARS {
        return Err(Invalid(format!(
            "That is too long ({chars} characters); please keep {what} under {MAX_QUESTION_CHARS} characters."
        )));
    }
    Ok(t.to_string())
}

impl Request {
    pub fn ask(question: &str) -> Result<Request, Invalid> {
        Ok(Request::Ask {
            question: text(
                question,
                "a question",
                "What did the Kremlin say about the summit?",
            )?,
        })
    }

    /// `since` as written by the member: `YYYY-MM-DD`.
    pub fn said(
        person: &str,
        about: Option<&str>,
        since: Option<&str>,
    ) -> Result<Request, Invalid> {
        let person = text(person, "a person", "Zelensky")?;
        let about = match about.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => Some(text(a, "a topic", "the summit")?),
            None => None,
        };
        let since = match since.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                Invalid(format!(
                    "\"{}\" is not a date I can read; write it as YYYY-MM-DD, e.g. 2025-10-01.",
                    crate::render::phrasing::escape_markdown(&crate::corpus::shorten(s, 40))
                ))
            })?),
            None => None,
        };
        Ok(Request::Said {
            person,
            about,
            since,
        })
    }

    pub fn who_is(name: &str) -> Result<Request, Invalid> {
        Ok(Request::WhoIs {
            name: text(name, "a name", "Marco Rubio")?,
        })
    }

    /// The title of the answer: what was asked.
    pub fn title(&self) -> String {
        match self {
            Request::Ask { question } => question.clone(),
            Request::Said {
                person,
                about,
                since,
            } => {
                let mut t = format!("What {person} said");
                if let Some(a) = about {
                    t.push_str(&format!(" about {a}"));
                }
                if let Some(s) = since {
                    t.push_str(&format!(
                        " since {}",
                        crate::render::phrasing::date_words(*s)
                    ));
                }
                t
            }
            Request::WhoIs { name } => format!("Who is {name}?"),
        }
    }

    /// A short name for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Ask { .. } => "ask",
            Request::Said { .. } => "said",
            Request::WhoIs { .. } => "whois",
        }
    }

    fn run(&self, engine: &Engine, hidden: &HashSet<String>) -> Result<Answer, EngineError> {
        match self {
            Request::Ask { question } => engine.ask_excluding(question, hidden),
            Request::Said {
                person,
                about,
                since,
            } => engine.said_excluding(person, about.as_deref(), *since, hidden),
            Request::WhoIs { name } => engine.who_is_excluding(name, hidden),
        }
    }
}

/// What answering produced: the pages to post, or a message for the asker alone.
pub enum Outcome {
    Pages(Vec<Page>),
    /// Shown to the asker only; never carries internals.
    Refused(String),
}

/// What the logs record about an answer.
pub struct Summary {
    pub intent: &'static str,
    pub statements: usize,
    pub millis: u128,
}

/// The message a member sees when something failed on our side.
pub const INTERNAL_ERROR: &str =
    "Sorry, something went wrong on my side while answering. The operators can see what in the logs; please try again later.";

/// What a server's moderators decided for its answers: documents never cited, and the
/// server's own templates (the shipped ones when `None`).
#[derive(Clone, Default)]
pub struct Scope {
    pub hidden: Arc<HashSet<String>>,
    pub renderer: Option<Arc<Renderer>>,
    /// Where answers link to person pages (`[web] base_url`), and the server asking, so
    /// the page hides what the server hid; `None`: no links.
    pub web: Option<WebLink>,
}

/// The statement explorer's address and the server an answer is for.
#[derive(Clone, Debug)]
pub struct WebLink {
    pub base: BaseUrl,
    pub server: Option<u64>,
}

impl WebLink {
    /// The address of `name`'s page.
    pub fn person(&self, name: &str) -> String {
        let mut url = format!("{}/people/{}", self.base.as_str(), path_segment(name));
        if let Some(server) = self.server {
            url.push_str(&format!("?server={server}"));
        }
        url
    }
}

/// The person an answer is mostly about: the first statement's speaker, else the person
/// a "who is" answer describes.
fn answer_person(answer: &Answer) -> Option<&str> {
    answer
        .statements
        .iter()
        .find_map(|s| s.speaker.as_deref())
        .or(answer.entity.as_ref().map(|e| e.name.as_str()))
}

/// Answer a request with the engine within a server's [`Scope`], on the blocking pool,
/// and lay the answer out in pages; counted in `metrics` by kind and outcome.
pub async fn answer_in(
    engine: Arc<Engine>,
    request: Request,
    scope: Scope,
    metrics: &Metrics,
) -> (Outcome, Option<Summary>) {
    let started = Instant::now();
    let kind = request.kind();
    let (outcome, summary, label) = answer(engine, request, scope, started).await;
    metrics.question(kind, label, started.elapsed());
    (outcome, summary)
}

/// [`answer_in`], with the outcome's label for the metrics.
async fn answer(
    engine: Arc<Engine>,
    request: Request,
    scope: Scope,
    started: Instant,
) -> (Outcome, Option<Summary>, &'static str) {
    let title = request.title();
    let scope_web = scope.web.clone();
    let joined = tokio::task::spawn_blocking(move || {
        request.run(&engine, &scope.hidden).map(|answer| {
            let (limited, left_out) = embed::limit_sources(&answer);
            let text = match &scope.renderer {
                Some(r) => r.render(&limited),
                None => engine.render(&limited),
            };
            (limited, text, left_out)
        })
    })
    .await;
    match joined {
        Ok(Ok((answer, text, left_out))) => {
            let summary = Summary {
                intent: answer.intent.as_str(),
                statements: answer.statements.len(),
                millis: started.elapsed().as_millis(),
            };
            let mut pages = embed::answer_pages(&title, &answer, &text, left_out);
            if let (Some(web), Some(name)) = (&scope_web, answer_person(&answer)) {
                embed::link_person(&mut pages, name, &web.person(name));
            }
            let label = match summary.statements {
                0 => "nothing_found",
                _ => "answered",
            };
            (Outcome::Pages(pages), Some(summary), label)
        }
        Ok(Err(e @ (EngineError::EmptyQuestion | EngineError::QuestionTooLong(_)))) => {
            (Outcome::Refused(e.to_string()), None, "refused")
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the engine failed");
            (Outcome::Refused(INTERNAL_ERROR.to_string()), None, "error")
        }
        Err(e) => {
            tracing::error!(error = %e, "the engine task panicked");
            (Outcome::Refused(INTERNAL_ERROR.to_string()), None, "error")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_trimmed_and_must_not_be_empty() {
        assert_eq!(
            Request::ask("  Who?  "),
            Ok(Request::Ask {
                question: "Who?".into()
            })
        );
        assert!(Request::ask("   ").is_err());
        assert!(Request::ask(&"x".repeat(MAX_QUESTION_CHARS + 1)).is_err());
        // Discord's max_length counts characters, and so does the limit.
        assert!(Request::ask(&"é".repeat(MAX_QUESTION_CHARS)).is_ok());
        assert!(Request::ask(&"🙂".repeat(MAX_QUESTION_CHARS + 1)).is_err());
    }

    #[test]
    fn said_reads_an_iso_date_and_refuses_others() {
        let r = Request::said("Zelensky", Some(" "), Some("2025-10-01")).expect("valid");
        assert_eq!(
            r,
            Request::Said {
                person: "Zelensky".into(),
                about: None,
                since: NaiveDate::from_ymd_opt(2025, 10, 1)
            }
        );
        let err = Request::said("Zelensky", None, Some("last *tuesday*")).expect_err("bad date");
        assert!(err.0.contains("YYYY-MM-DD"), "{}", err.0);
        assert!(err.0.contains("\\*tuesday\\*"), "escaped: {}", err.0);
        assert_eq!(r.title(), "What Zelensky said since 1 October 2025");
    }

    #[test]
    fn who_is_needs_a_name() {
        assert!(Request::who_is("").is_err());
        assert_eq!(
            Request::who_is("Marco Rubio").map(|r| r.title()),
            Ok("Who is Marco Rubio?".to_string())
        );
    }
}
