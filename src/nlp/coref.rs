//! Coreference (placeholder until the nlp work lands).
use super::{Entity, Mention, Span, Statement};
pub fn entities(_mentions: &[Mention]) -> Vec<Entity> {
    Vec::new()
}
pub fn resolve_speakers(
    _text: &str,
    _sentences: &[Span],
    _mentions: &[Mention],
    _entities: &[Entity],
    _statements: &mut [Statement],
) {
}
