//! Attributions (placeholder until the nlp work lands).
use super::{tokens::Token, Mention, Span, Statement};
pub fn extract(
    _text: &str,
    _toks: &[Token],
    _sentences: &[Span],
    _mentions: &[Mention],
) -> Vec<Statement> {
    Vec::new()
}
