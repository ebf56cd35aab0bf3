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
use crate::bot::picture::{self, Picture};
use crate::config::BaseUrl;
use crate::engine::{Engine, EngineError};
use crate::qa::understand::MAX_QUESTION_CHARS;
use crate::qa::{Answer, LeaveOut, PersonFilter, Turn};
use crate::render::pages::path_segment;
use crate::render::Renderer;

/// A question for the engine.
#[derive(Clone, Debug, PartialEq)]
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
    /// The next statements for an answer's question (its "More" button).
    More {
        turn: Box<Turn>,
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
            Request::More { turn } => format!("{} (more)", turn.question),
        }
    }

    /// The request as a question in words, as a conversation remembers it: "More" asks it
    /// again.
    fn as_question(&self) -> String {
        match self {
            Request::Ask { question } => question.clone(),
            Request::Said {
                person,
                about: Some(about),
                ..
            } => format!("What did {person} say about {about}?"),
            Request::Said { person, .. } => format!("What did {person} say?"),
            Request::WhoIs { name } => format!("Who is {name}?"),
            Request::More { turn } => turn.question.clone(),
        }
    }

    /// A short name for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Ask { .. } => "ask",
            Request::Said { .. } => "said",
            Request::WhoIs { .. } => "whois",
            Request::More { .. } => "more",
        }
    }

    /// For `/said`, whose statements and which: the timeline picture draws the same.
    fn person_filter(&self) -> Option<(&str, PersonFilter)> {
        match self {
            Request::Said {
                person,
                about,
                since,
            } => Some((
                person.as_str(),
                PersonFilter {
                    about: about.clone(),
                    since: *since,
                    until: None,
                },
            )),
            _ => None,
        }
    }

    /// The answer, the turn a conversation keeps of it, and the question it was read as
    /// when that differs from what was asked (a follow-up). `previous` is the turn a
    /// question follows up on; `feedback` what the server's votes leave out or demote.
    fn run(
        &self,
        engine: &Engine,
        previous: Option<&Turn>,
        hidden: &HashSet<String>,
        feedback: &LeaveOut,
    ) -> Result<(Answer, Turn, Option<String>), EngineError> {
        let demoted = feedback;
        // `/said` and `/whois` answer from their fields: the feedback applies to the
        // statements found.
        let plain = |mut answer: Answer| {
            answer
                .statements
                .retain(|s| !feedback.statements.contains(&s.key()));
            if answer
                .statements
                .iter()
                .any(|s| !feedback.demoted.contains(&s.key()))
            {
                answer
                    .statements
                    .retain(|s| !feedback.demoted.contains(&s.key()));
            }
            let turn = Turn::of(&self.as_question(), &answer, Vec::new());
            (answer, turn, None)
        };
        match self {
            Request::Ask { question } => {
                let followed = engine.ask_in_conversation(question, previous, hidden, demoted)?;
                let read_as = followed.form.map(|_| followed.answer.question.clone());
                Ok((followed.answer, followed.turn, read_as))
            }
            Request::Said {
                person,
                about,
                since,
            } => Ok(plain(engine.said_excluding(
                person,
                about.as_deref(),
                *since,
                hidden,
            )?)),
            Request::WhoIs { name } => Ok(plain(engine.who_is_excluding(name, hidden)?)),
            Request::More { turn } => {
                let followed = engine.more(turn, hidden, demoted)?;
                Ok((followed.answer, followed.turn, None))
            }
        }
    }
}

/// What "More" says when the question has no further statement.
pub const NO_MORE: &str = "That's all: there are no more statements for this question.";

/// What answering produced: the pages to post (with the timeline picture for the first,
/// when the answer is about a person's statements and it could be drawn), or a message
/// for the asker alone.
pub enum Outcome {
    Pages(Vec<Page>, Option<Picture>),
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
    /// Statements the server's feedback leaves out or demotes.
    pub feedback: Arc<LeaveOut>,
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

/// An answer laid out: what to post, what the logs record, and the turn its conversation
/// keeps (none when nothing was answered).
pub struct Answered {
    pub outcome: Outcome,
    pub summary: Option<Summary>,
    pub turn: Option<Turn>,
}

/// Answer a request with the engine within a server's [`Scope`], on the blocking pool,
/// and lay the answer out in pages; counted in `metrics` by kind and outcome.
pub async fn answer_in(
    engine: Arc<Engine>,
    request: Request,
    scope: Scope,
    metrics: &Metrics,
) -> (Outcome, Option<Summary>) {
    let a = answer_turn(engine, request, None, scope, metrics).await;
    (a.outcome, a.summary)
}

/// [`answer_in`] for a question that may follow up on `previous` (a reply to an answer,
/// a question in its thread), with the turn to keep.
pub async fn answer_turn(
    engine: Arc<Engine>,
    request: Request,
    previous: Option<Turn>,
    scope: Scope,
    metrics: &Metrics,
) -> Answered {
    let started = Instant::now();
    let kind = request.kind();
    let (answered, label) = answer(engine, request, previous, scope, started).await;
    metrics.question(kind, label, started.elapsed());
    answered
}

/// [`answer_turn`], with the outcome's label for the metrics.
async fn answer(
    engine: Arc<Engine>,
    request: Request,
    previous: Option<Turn>,
    scope: Scope,
    started: Instant,
) -> (Answered, &'static str) {
    let title = request.title();
    let scope_web = scope.web.clone();
    let more = matches!(request, Request::More { .. });
    let joined = tokio::task::spawn_blocking(move || {
        request
            .run(&engine, previous.as_ref(), &scope.hidden, &scope.feedback)
            .map(|(answer, turn, read_as)| {
                let (limited, left_out) = embed::limit_sources(&answer);
                let text = match &scope.renderer {
                    Some(r) => r.render(&limited),
                    None => engine.render(&limited),
                };
                let picture = picture::subject_of(&answer, request.person_filter()).and_then(
                    |(person, filter)| picture::draw(&engine, &person, &filter, &scope.hidden),
                );
                (limited, turn, read_as, text, left_out, picture)
            })
    })
    .await;
    let refused = |text: String, label| {
        let answered = Answered {
            outcome: Outcome::Refused(text),
            summary: None,
            turn: None,
        };
        (answered, label)
    };
    match joined {
        Ok(Ok((answer, ..))) if more && answer.statements.is_empty() => {
            refused(NO_MORE.to_string(), "nothing_found")
        }
        Ok(Ok((answer, turn, read_as, text, left_out, picture))) => {
            let summary = Summary {
                intent: answer.intent.as_str(),
                statements: answer.statements.len(),
                millis: started.elapsed().as_millis(),
            };
            // A follow-up is titled with the question it was read as, so the channel
            // sees what "and about Ukraine?" was taken to mean.
            let title = read_as.unwrap_or(title);
            let mut pages = embed::answer_pages(&title, &answer, &text, left_out);
            if let (Some(web), Some(name)) = (&scope_web, answer_person(&answer)) {
                embed::link_person(&mut pages, name, &web.person(name));
            }
            let label = match summary.statements {
                0 => "nothing_found",
                _ => "answered",
            };
            let answered = Answered {
                outcome: Outcome::Pages(pages, picture),
                summary: Some(summary),
                turn: Some(turn),
            };
            (answered, label)
        }
        Ok(Err(e @ (EngineError::EmptyQuestion | EngineError::QuestionTooLong(_)))) => {
            refused(e.to_string(), "refused")
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the engine failed");
            refused(INTERNAL_ERROR.to_string(), "error")
        }
        Err(e) => {
            tracing::error!(error = %e, "the engine task panicked");
            refused(INTERNAL_ERROR.to_string(), "error")
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
