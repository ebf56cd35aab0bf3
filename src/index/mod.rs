//! The tantivy index of documents, passages, statements and entities.
