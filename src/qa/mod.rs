//! Answering questions: understanding the question, retrieving and ranking statements and
//! passages from the index, and assembling an [`Answer`] with citations.
//!
//! May call `index` and `nlp` (for names and time); knows nothing of rendering or Discord.

pub mod answer;

pub use answer::{Answer, CitedPassage, CitedStatement, DocRef, EntityInfo, Intent};
