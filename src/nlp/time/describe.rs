//! Dates in words for answers: "last week (the week of 13 October 2025)", "on 24 February
//! 2022", "in 2016".
//!
//! Owns the wording only. The kind of expression is recovered by re-reading `DateSpan::text`
//! with the same grammar, so the type needs no extra field. An expression whose own words
//! already name the interval ("February 2022") is given canonically; a relative one keeps its
//! words and adds the interval in brackets, so the reader sees both what the article said and
//! what it means. Days are written `%-d %B %Y`.

use super::calendar::Expr;
use super::grammar::{is_calendar_name, scan, Mode};
use crate::nlp::DateSpan;
use chrono::{Datelike, NaiveDate, Weekday};

/// Words for a date, for people.
pub fn describe(d: &DateSpan) -> String {
    let text = d.text.trim();
    let (Some(start), Some(end)) = (d.start, d.end) else {
        return lower_first(text);
    };
    if text.is_empty() {
        return canonical(start, end);
    }
    let expr = scan(text, Mode::Question).first().map(|f| f.expr);
    match expr {
        Some(e) if !e.is_relative() || matches!(e, Expr::MonthOnly(_) | Expr::MonthDay(..)) => {
            canonical(start, end)
        }
        Some(Expr::Weekday(..)) if !starts_with_word(text, &["on", "last", "this", "next"]) => {
            format!("on {text} ({})", gloss(start, end))
        }
        _ => format!("{} ({})", lower_first(text), gloss(start, end)),
    }
}

fn starts_with_word(text: &str, words: &[&str]) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    words.iter().any(|w| first.eq_ignore_ascii_case(w))
}

/// "Last week" opening a sentence reads "last week" inside an answer; "Tuesday" and
/// "February" stay capitalised.
fn lower_first(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    let proper = is_calendar_name(first.trim_end_matches(','));
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if !proper && !first.chars().all(|c| c.is_uppercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn is_month(s: NaiveDate, e: NaiveDate) -> bool {
    s.day() == 1
        && e.succ_opt().is_some_and(|n| n.day() == 1)
        && s.month() == e.month()
        && s.year() == e.year()
}

fn is_year(s: NaiveDate, e: NaiveDate) -> bool {
    s.ordinal() == 1 && e.month() == 12 && e.day() == 31 && s.year() == e.year()
}

fn is_decade(s: NaiveDate, e: NaiveDate) -> bool {
    s.ordinal() == 1
        && s.year() % 10 == 0
        && e.year() == s.year() + 9
        && e.month() == 12
        && e.day() == 31
}

/// With a preposition, for expressions whose words the interval replaces.
fn canonical(s: NaiveDate, e: NaiveDate) -> String {
    if s == e {
        format!("on {}", day(s))
    } else if is_month(s, e) || is_year(s, e) || is_decade(s, e) {
        format!("in {}", gloss(s, e))
    } else {
        format!("from {} to {}", day(s), day(e))
    }
}

/// The interval alone: "21 October 2025", "the week of 13 October 2025", "October 2025",
/// "2024", "the 1990s", "1–22 October 2025".
fn gloss(s: NaiveDate, e: NaiveDate) -> String {
    let days = (e - s).num_days();
    if s == e {
        day(s)
    } else if days == 6 && s.weekday() == Weekday::Mon {
        format!("the week of {}", day(s))
    } else if is_month(s, e) {
        s.format("%B %Y").to_string()
    } else if is_year(s, e) {
        s.year().to_string()
    } else if is_decade(s, e) {
        format!("the {}s", s.year())
    } else if s.year() == e.year() && s.month() == e.month() {
        format!("{}–{}", s.day(), day(e))
    } else if s.year() == e.year() {
        format!("{} – {}", s.format("%-d %B"), day(e))
    } else {
        format!("{} – {}", day(s), day(e))
    }
}
