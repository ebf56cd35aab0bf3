//! Time expressions (placeholder until the time work lands).
use super::{Span, Statement, TimeMention};
use chrono::NaiveDate;
pub fn find_times(
    _text: &str,
    _sentences: &[Span],
    _published: Option<NaiveDate>,
) -> Vec<TimeMention> {
    Vec::new()
}
pub fn date_statements(
    _statements: &mut [Statement],
    _times: &[TimeMention],
    _published: Option<NaiveDate>,
) {
}
pub fn describe(d: &super::DateSpan) -> String {
    d.text.clone()
}
