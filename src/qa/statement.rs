//! One statement in its article: the sentences around it, the statement's own sentence
//! marked, and who else spoke in that article. What a statement's page shows.
//!
//! Found by its [`StatementId`] (article, sentence position, content hash) among the
//! article's stored records, never by searching text: the same id always finds the same
//! statement, or nothing once the article changed or is hidden.

use std::collections::HashSet;

use serde::Serialize;

use super::retrieve;
use super::statement_id::StatementId;
use super::{cite_stored, CitedStatement, DocRef, QaError};
use crate::index::Index;

/// How many sentences before and after the statement's own make its paragraph. The index
/// keeps sentences, not paragraphs: two either side read as the passage it came from.
pub const CONTEXT_SENTENCES: u64 = 2;

/// A statement with its article around it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementInContext {
    pub statement: CitedStatement,
    /// The sentences around the statement's, in article order.
    pub paragraph: Vec<ContextSentence>,
    /// The others who spoke in the same article, each once, in order of first statement.
    pub others: Vec<OtherSpeaker>,
    pub document: DocRef,
}

/// A sentence of the article near the statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContextSentence {
    pub text: String,
    /// This is the statement's own sentence (shown highlighted).
    pub current: bool,
}

/// Someone else quoted in the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OtherSpeaker {
    pub name: String,
    pub role: Option<String>,
    /// Their first statement in the article.
    pub statement: StatementId,
}

/// The statement `id` names with its context, or `None` when the index holds no such
/// statement (its article is gone, changed, or in `exclude`).
pub fn statement_in_context(
    index: &Index,
    id: &StatementId,
    exclude: &HashSet<String>,
) -> Result<Option<StatementInContext>, QaError> {
    if exclude.contains(id.doc_id()) {
        return Ok(None);
    }
    let Some(document) = retrieve::document(index, id.doc_id())?.map(DocRef::from) else {
        return Ok(None);
    };
    let (mut statements, mut sentences) = retrieve::document_records(index, id.doc_id())?;
    statements.sort_by_key(|s| s.position);
    let Some(found) = statements
        .iter()
        .position(|s| id.names(&s.doc_id, s.position, &s.content))
    else {
        return Ok(None);
    };
    let position = statements[found].position;
    sentences.sort_by_key(|s| s.position);
    let paragraph = sentences
        .into_iter()
        .filter(|s| s.position.abs_diff(position) <= CONTEXT_SENTENCES)
        .map(|s| ContextSentence {
            current: s.position == position,
            text: s.text,
        })
        .collect();
    let speaker = statements[found].speaker.clone();
    let mut seen = HashSet::new();
    let others = statements
        .iter()
        .filter_map(|s| {
            let name = s.speaker.clone()?;
            (Some(&name) != speaker.as_ref() && seen.insert(name.clone())).then(|| OtherSpeaker {
                name,
                role: s.role.clone(),
                statement: StatementId::new(&s.doc_id, s.position, &s.content),
            })
        })
        .collect();
    let statement = cite_stored(statements.swap_remove(found), document.clone(), 0.0);
    Ok(Some(StatementInContext {
        statement,
        paragraph,
        others,
        document,
    }))
}
