//! Time in questions: "What did Trump say last week?", "… since Monday?", "… before 2020?".
//!
//! Owns reading a question's time restriction with the article grammar (in its lenient
//! mode: people type "in october") and the open-ended words around it. The span returned
//! covers those words too, so the caller can drop them from the topic. Vague words
//! ("recently") give no restriction.

use super::calendar::Expr;
use super::grammar::{is_full_month_name, prev_word, scan, Mode};
use crate::nlp::{DateSpan, Span};
use chrono::NaiveDate;

/// The time a question restricts itself to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionTime {
    /// The words in the question that say it, "since"/"before"/"after" included.
    pub span: Span,
    /// The interval asked about, resolved against `today`. For `since`, it runs to `today`;
    /// for `before`, only `end` is set.
    pub range: DateSpan,
    /// "since Monday", "after 2020": from the time to today.
    pub since: bool,
    /// "before 2020": anything up to the day before the time begins (`range.start` is
    /// `None`).
    pub before: bool,
}

/// The first resolvable time expression in `question`, resolved against `today`.
pub fn question_time(question: &str, today: NaiveDate) -> Option<QuestionTime> {
    scan(question, Mode::Question)
        .into_iter()
        .find_map(|found| {
            // "Saturday's service", "last week's debate": the time names a thing asked
            // about, not when it was said.
            let rest = question.get(found.span.end..).unwrap_or("");
            if found.expr == Expr::Vague || rest.starts_with("'s") || rest.starts_with("’s") {
                return None;
            }
            let (word, at) = prev_word(question, found.span.start);
            if names_someone(found.span.text(question), word) {
                return None;
            }
            let (start, end) = found.expr.resolve(Some(today))?;
            let word = word.to_ascii_lowercase();
            let span = match word.as_str() {
                "since" | "after" | "before" | "from" => Span::new(at, found.span.end),
                _ => found.span,
            };
            let (start, end, since, before) = match word.as_str() {
                "since" | "from" => (Some(start), today, true, false),
                "after" => (end.succ_opt(), today, true, false),
                "before" => (None, start.pred_opt()?, false, true),
                _ => (Some(start), end, false, false),
            };
            let range = DateSpan {
                text: found.span.text(question).to_string(),
                start,
                end: Some(end),
                basis: Some(today),
            };
            Some(QuestionTime {
                span,
                range,
                since,
                before,
            })
        })
}

/// Words a question's subject follows: "what did May say", "has May spoken".
const BEFORE_SUBJECT: &[&str] = &[
    "did", "does", "do", "has", "have", "had", "is", "was", "will", "would", "can", "could",
];

/// Whether a month's name alone (`time`) after `before` is someone's: after the word a
/// question's subject follows, or after a capitalised word ("what did Theresa May say"),
/// never after a preposition ("in May").
fn names_someone(time: &str, before: &str) -> bool {
    if !is_full_month_name(time) {
        return false;
    }
    let lower = before.to_ascii_lowercase();
    let first_name = before.chars().next().is_some_and(char::is_uppercase)
        && !matches!(
            lower.as_str(),
            "in" | "on"
                | "since"
                | "after"
                | "before"
                | "from"
                | "until"
                | "by"
                | "during"
                | "what"
                | "who"
                | "when"
        );
    BEFORE_SUBJECT.contains(&lower.as_str()) || first_name
}
