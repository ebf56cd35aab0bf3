//! Time expressions: finding them in articles and questions, resolving them to intervals of
//! days against a basis date, dating statements, and describing dates in words.
//!
//! Owns everything about *when*. Conventions, fixed here for every caller:
//! - `DateSpan::text` is exactly the text of the mention's span, including a directly
//!   preceding preposition that belongs with the expression: "on" for days ("on Tuesday",
//!   "on Feb. 24"), "in"/"during" for months, years and decades ("in February 2022"),
//!   "over"/"during"/"on"/"at" for weekends ("over the weekend"). Other licensing words
//!   ("since 2016", "by March") are not part of the span: in an article "since 2016" is the
//!   year 2016; in a question "since" makes an open range (see [`question_time`]).
//! - Relative expressions follow two_timer's reading (see `docs/crates.md`): a bare weekday
//!   is the most recent such day on or before the basis (also when the article means a
//!   coming one), "last week" the previous ISO week, Monday–Sunday, "in February" the most
//!   recent February not after the basis. A day without a year ("Oct. 9") is the latest one
//!   at most 90 days after the basis, since news names coming dates as often as past ones.
//! - "N days ago" is a day; "N weeks/months/years ago" is the week, month or year holding
//!   the day counted back ("a year ago" in 2025 is 2024). "in the last week" and "the past
//!   week" are the seven days up to the basis.
//! - Vague expressions ("recently", "days ago", "a few weeks ago", "in recent months") are
//!   found, so callers can see them, but never resolved: no interval would be honest.
//!   [`date_statements`] prefers the publication date to them.
//! - Without a basis, absolute expressions still resolve; relative ones keep their text with
//!   no interval and no basis.
//! - Article text is read case-sensitively for names ("May" the month, "may" the verb); a
//!   month alone or a year alone needs a licensing word ("in", "since", "by", "of", "until",
//!   "early", …). Questions are read without regard to case.

mod calendar;
mod describe;
mod grammar;
mod question;
mod statements;

pub use describe::describe;
pub(crate) use grammar::{is_calendar_name, is_full_month_name};
pub use question::{question_time, QuestionTime};
pub use statements::date_statements;

use super::{DateSpan, Span, TimeMention};
use chrono::NaiveDate;
use grammar::{scan, Found, Mode};

/// Every time expression in an article's `text`, resolved against `published` where it can
/// be, each with the index of the sentence (in `sentences`) that holds it.
pub fn find_times(
    text: &str,
    sentences: &[Span],
    published: Option<NaiveDate>,
) -> Vec<TimeMention> {
    scan(text, Mode::Article)
        .into_iter()
        .map(|found| TimeMention {
            span: found.span,
            sentence: sentence_of(sentences, found.span.start),
            date: date_span(text, &found, published),
        })
        .collect()
}

/// The `DateSpan` a found expression means against `basis`.
fn date_span(text: &str, found: &Found, basis: Option<NaiveDate>) -> DateSpan {
    let interval = found.expr.resolve(basis);
    DateSpan {
        text: found.span.text(text).to_string(),
        start: interval.map(|(s, _)| s),
        end: interval.map(|(_, e)| e),
        basis,
    }
}

/// The sentence holding byte `at`; between sentences, the one before; 0 when there are none.
fn sentence_of(sentences: &[Span], at: usize) -> usize {
    let after = sentences.partition_point(|s| s.start <= at);
    after.saturating_sub(1)
}

#[cfg(test)]
mod tests;
