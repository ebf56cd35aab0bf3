//! Name keys (placeholder until the nlp work lands).
pub fn speaker_key(name: &str) -> String {
    name.to_lowercase()
}
