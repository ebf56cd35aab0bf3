//! Word lists (placeholder until the nlp work lands).
