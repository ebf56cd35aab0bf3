//! The [`Answer`]: what `qa` found for a question, with a citation for every statement. It
//! is plain data, serialisable, so the same answer renders in the terminal, in Discord and as
//! `ask --json`.
//! Calls `nlp` types, and reads `index`'s stored article into a [`DocRef`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::statement_id::StatementId;
use crate::nlp::{DateSpan, StatementKind};

/// What the question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Intent {
    /// "Who said/proposed/warned … X?"
    WhoSaid,
    /// "What did X say [about Y]?"
    WhatSaid,
    /// "When did X …?"
    When,
    /// "Who is X?"
    WhoIs,
    /// "What is X's position on Y?"
    Position,
    /// "What is the latest from X?"
    Latest,
    /// "Timeline of X", or what X said over time.
    Timeline,
    /// Anything else: the passages that best match the words.
    Search,
}

impl Intent {
    pub fn as_str(&self) -> &'static str {
        match self {
            Intent::WhoSaid => "who-said",
            Intent::WhatSaid => "what-said",
            Intent::When => "when",
            Intent::WhoIs => "who-is",
            Intent::Position => "position",
            Intent::Latest => "latest",
            Intent::Timeline => "timeline",
            Intent::Search => "search",
        }
    }
}

/// The article a statement or passage comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    pub published: Option<NaiveDate>,
    pub url: Option<String>,
    pub source: Option<String>,
}

impl From<crate::index::StoredDoc> for DocRef {
    fn from(d: crate::index::StoredDoc) -> Self {
        DocRef {
            id: d.id,
            title: d.title,
            published: d.published,
            url: d.url,
            source: d.source,
        }
    }
}

impl From<&crate::corpus::Document> for DocRef {
    /// A document just read, before it is stored: as the index will give it back.
    fn from(doc: &crate::corpus::Document) -> Self {
        DocRef {
            id: doc.id.to_string(),
            title: doc.display_title(),
            published: doc.published,
            url: doc.url.clone(),
            source: doc.source.clone(),
        }
    }
}

/// One statement, as the answer shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CitedStatement {
    /// The statement's stable id, for a link to it (`/statements/{id}`); `None` for one
    /// made up (template samples) or read from an answer saved before ids existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<StatementId>,
    /// The speaker's fullest name; `None` when the article does not say who.
    pub speaker: Option<String>,
    /// The speaker's role at the time of the article.
    pub role: Option<String>,
    pub cue: Option<String>,
    pub content: String,
    /// For content that points back ("echoed this sentiment"): what it stands for, as a
    /// noun phrase ("that an in-person meeting was unnecessary"); answers say that instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<String>,
    pub kind: StatementKind,
    pub when: Option<DateSpan>,
    /// `when` in words for people: "last week (the week of 13 October 2025)".
    pub when_text: Option<String>,
    /// For a statement with no named speaker, the occasion the article places it in.
    pub setting: Option<String>,
    /// The whole sentence the statement is in.
    pub sentence: String,
    pub document: DocRef,
    #[serde(skip)]
    pub score: f32,
}

impl CitedStatement {
    /// A short key that names this statement across answers: its article and a hash of
    /// what was said. Conversations leave out the statements shown before by it, and
    /// feedback is recorded against it.
    pub fn key(&self) -> String {
        statement_key(&self.document.id, &self.content)
    }
}

/// The key of the statement saying `content` in article `doc_id` (see [`CitedStatement::key`]).
pub fn statement_key(doc_id: &str, content: &str) -> String {
    let hash = blake3::hash(content.trim().as_bytes()).to_hex();
    format!("{doc_id}#{}", &hash[..12])
}

/// A sentence that answers a question without being anyone's statement ("when did …").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CitedPassage {
    pub text: String,
    pub when: Option<DateSpan>,
    pub when_text: Option<String>,
    pub document: DocRef,
    #[serde(skip)]
    pub score: f32,
}

/// What the corpus says about a person or organisation ("who is").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityInfo {
    pub name: String,
    pub kind: String,
    pub roles: Vec<String>,
    pub aliases: Vec<String>,
    pub documents: usize,
    pub statements: usize,
    pub document: Option<DocRef>,
}

/// The time a question asked about ("last week", "since Monday"), in words and dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeWindow {
    /// For people: "last week (the week of 13 October 2025)", "in 2019".
    pub text: String,
    /// First and last day; either is open ("before 2020" has no start).
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// The answer to one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub intent: Intent,
    /// Who the question is about, as the corpus names them (or as asked, when not found).
    pub subject: Option<String>,
    /// What the question is about, in the asker's words.
    pub topic: Option<String>,
    pub statements: Vec<CitedStatement>,
    pub passages: Vec<CitedPassage>,
    pub entity: Option<EntityInfo>,
    /// The question asks yes or no ("did X say anything about Y?"): the answer says which.
    #[serde(default)]
    pub yes_no: bool,
    /// A pronoun the question uses where a name should be ("what else did he say?"): the
    /// answer asks for the name instead of guessing.
    #[serde(default)]
    pub unresolved: Option<String>,
    /// Set when the speaker said nothing in the time the question asked about: the window
    /// asked, and `statements` are then their most recent ones instead, newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_window: Option<TimeWindow>,
}

impl Answer {
    /// True when nothing in the corpus supports an answer.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty() && self.passages.is_empty() && self.entity.is_none()
    }
}
