//! Everything one person said, newest first: what a timeline chart draws and a person's
//! page lists, past the handful of statements an answer cites.
//!
//! The same name linking, surname filter and hidden documents as an answer (it reuses the
//! answer's [`Context`]); only the limit differs.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::retrieve::Criteria;
use super::TimeWindow;
use super::{rank, CitedStatement, Context, Intent, LeaveOut, QaError, Question};
use crate::index::Index;

/// The most statements of one person listed. A page shows a few dozen and a chart counts
/// per week; past this the oldest are left out and [`PersonStatements::truncated`] says so.
pub const MAX_PERSON_STATEMENTS: usize = 5_000;

/// Which of a person's statements to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonFilter {
    /// Only statements about this (the words of a question's topic).
    pub about: Option<String>,
    /// Only statements said (or, undated, published) on or after this day.
    pub since: Option<NaiveDate>,
    /// Only statements said (or published) on or before this day.
    pub until: Option<NaiveDate>,
}

/// A person's statements, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonStatements {
    /// The person's fullest name in the corpus.
    pub name: String,
    /// The index keys the name was linked to.
    pub keys: Vec<String>,
    pub statements: Vec<CitedStatement>,
    /// More statements matched than [`MAX_PERSON_STATEMENTS`]: the oldest are left out.
    pub truncated: bool,
}

/// The statements of the person `name` links to, or `None` when the corpus knows no one
/// by that name. Never cites a document in `exclude`.
pub fn person_statements(
    index: &Index,
    name: &str,
    filter: &PersonFilter,
    exclude: &HashSet<String>,
) -> Result<Option<PersonStatements>, QaError> {
    let q = Question::from_fields(Intent::WhatSaid, name, filter.about.as_deref());
    let Some(subject) = &q.subject else {
        return Ok(None);
    };
    let window = (filter.since.is_some() || filter.until.is_some()).then(|| TimeWindow {
        text: String::new(),
        start: filter.since,
        end: filter.until,
    });
    // No conversation and no server's votes: a person's list is the corpus's.
    let leave_out = LeaveOut::default();
    let mut ctx = Context::new(index, &q, window, exclude, &leave_out);
    let Some(linked) = ctx.link(subject)? else {
        return Ok(None);
    };
    let about = !rank::topic_words(&q.topic).is_empty();
    let c = Criteria {
        speaker_keys: Some(&linked.keys),
        topic: &q.topic,
        newest_first: !about,
        ..Criteria::default()
    };
    // One more than kept, to tell a full list from a cut one.
    let mut found = ctx.speaker_statements(&c, subject, &linked, MAX_PERSON_STATEMENTS + 1)?;
    if about {
        found.retain(|(_, st)| rank::topical(&q, st));
    }
    rank::by_time(&mut found);
    found.reverse();
    let truncated = found.len() > MAX_PERSON_STATEMENTS;
    found.truncate(MAX_PERSON_STATEMENTS);
    // A statement whose content points back to nothing found says nothing alone: listed
    // only when its antecedent is known, as in answers.
    found.retain(|(_, st)| !st.is_unresolved_anaphor());
    ctx.prefetch_docs(found.iter().map(|(_, st)| st.doc_id.as_str()))?;
    let statements = ctx.cite_all(found)?;
    Ok(Some(PersonStatements {
        name: linked.display,
        keys: linked.keys,
        statements,
        truncated,
    }))
}
