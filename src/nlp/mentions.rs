//! Mentions (placeholder until the nlp work lands).
use super::{tokens::Token, Mention, Span};
pub fn find_mentions(_text: &str, _toks: &[Token], _sentences: &[Span]) -> Vec<Mention> {
    Vec::new()
}
