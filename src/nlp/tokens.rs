//! Word tokens (placeholder until the nlp work lands).
pub struct Token;
pub fn tokenize(_text: &str) -> Vec<Token> {
    Vec::new()
}
