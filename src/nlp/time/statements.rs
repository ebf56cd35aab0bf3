//! Dating statements: which time expression, if any, says when a statement was made.
//!
//! Owns one rule: a statement is dated by a time in its own sentence that lies outside what
//! was said ("Russia's invasion of Ukraine in February 2022" inside the content dates the
//! invasion, not the saying), the nearest to the cue; else by the publication date, since
//! news reports what was said up to the day it is published.

use crate::nlp::{DateSpan, Span, Statement, TimeMention};
use chrono::NaiveDate;

/// Sets each statement's `when` from `times` (as found by [`super::find_times`]).
pub fn date_statements(
    statements: &mut [Statement],
    times: &[TimeMention],
    published: Option<NaiveDate>,
) {
    for st in statements.iter_mut() {
        st.when = when(st, times, published);
    }
}

fn when(st: &Statement, times: &[TimeMention], published: Option<NaiveDate>) -> Option<DateSpan> {
    let anchor = st.cue.unwrap_or_else(|| st.content_hull());
    let best = times
        .iter()
        .filter(|t| t.sentence == st.sentence)
        .filter(|t| !st.content.iter().any(|c| c.overlaps(t.span)))
        // A vague time ("recently") says less than the publication date does.
        .filter(|t| t.date.is_resolved() || published.is_none())
        .min_by_key(|t| distance(anchor, t.span));
    match best {
        Some(t) => Some(t.date.clone()),
        None => published.map(DateSpan::published),
    }
}

/// Bytes between two spans; 0 when they touch or overlap.
fn distance(a: Span, b: Span) -> usize {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}
