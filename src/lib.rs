//! whosaid reads the news and answers, in chat, **who said what and when**.
//!
//! The data flows one way, and each stage is a module:
//!
//! ```text
//! sources ──▶ corpus ──▶ nlp ──▶ index ──▶ qa ──▶ render ──▶ bot / cli
//! ```
//!
//! - [`corpus`]: [`corpus::Document`] and the loaders for article files, stable document ids,
//!   and the sample corpus shipped in the binary.
//! - [`nlp`]: sentences, mentions of people and organisations with their roles, attributions
//!   (who said what), pronoun and role-noun resolution, content that points back ("echoed
//!   this sentiment") linked to the statement it stands for, and time expressions. Pure
//!   functions over text: it knows nothing of storage.
//! - [`index`]: the tantivy index of documents, passages, statements and entities.
//! - [`qa`]: question understanding, follow-ups read against the previous turn of a
//!   conversation ([`qa::followup`]), retrieval and ranking; it builds an [`qa::Answer`].
//! - [`render`]: the minijinja templates in `prompts/` that turn an `Answer` into text.
//! - [`chart`]: the timeline picture of one person's statements, as SVG (the web page)
//!   and PNG (Discord), from one definition.
//! - [`eval`]: self-measurement, ports of the reference scorers (`whosaid eval`).
//! - [`engine`]: the façade the CLI and the bot share: open a data directory, ingest, ask.
//! - [`feeds`]: fetching and parsing feeds into documents, matching new statements to
//!   subscriptions, and delivering update posts through the outbox.
//! - [`article_log`]: with a PostgreSQL store, the shared log of articles every `serve`
//!   node tails into its own index (the index is then derived data).
//! - [`store`]: durable state in SQLite, or PostgreSQL with `[store] url` (feeds,
//!   subscriptions, the update-post outbox, moderation and the audit log).
//! - [`moderation`]: who is a moderator, each server's hidden documents, blocks, channels
//!   and templates, the audit log, export and import.
//! - [`backup`]: `whosaid backup` and `restore`: a data directory copied consistently while
//!   `serve` runs (the state database and one index commit, with a manifest), and restored.
//! - [`config`]: the TOML configuration and its environment overrides.
//! - [`bench`]: the performance benchmark: a generated corpus, a fixed question mix and the
//!   report (`whosaid bench`, `scripts/bench.sh`, `docs/performance.md`).
//! - [`web`]: the statement explorer (`whosaid web`): read-only HTML pages and JSON over
//!   the engine, the same answers as chat, each statement with its article around it.
//! - [`bot`]: the Discord bot (serenity + poise): slash commands and mentions, answered by
//!   the engine and posted as embeds.
//!
//! - `fuzzing` (hidden): hostile input through each entry point, for `fuzz/` and
//!   `tests/it/fuzz_regressions.rs`.
//!
//! Dependencies point left to right: `nlp` never calls `index`, `qa` never calls the bot.

pub mod article_log;
pub mod backup;
pub mod bench;
pub mod bot;
pub mod chart;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod engine;
pub mod eval;
pub mod feeds;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod moderation;
pub mod nlp;
pub mod qa;
pub mod render;
pub mod store;
pub mod web;

pub use engine::Engine;
