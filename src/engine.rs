//! The façade shared by the CLI and the bot: one data directory, its index and templates.
//!
//! Contract (implementation in progress):
//! - `Engine::open(&EngineOptions) -> Result<Engine, EngineError>`: opens or creates the
//!   data directory; indexes the sample corpus when it is empty (unless disabled).
//! - `Engine::ask(&self, question: &str) -> Result<Answer, EngineError>`: `&self`, `Engine`
//!   is `Send + Sync`, safe to share behind an `Arc` between Discord handlers.
//! - `Engine::render(&self, &Answer) -> String`: the answer as markdown, from `prompts/`.
//! - `Engine::ingest(&self, docs) -> IngestReport`: adds or replaces documents and commits.
pub struct Engine;
