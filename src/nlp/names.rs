//! Name keys (placeholder until the nlp work lands).
pub fn speaker_key(name: &str) -> String {
    name.to_lowercase()
}
pub fn surname_key(name: &str) -> String {
    name.split_whitespace().last().unwrap_or("").to_lowercase()
}
