//! Helpers shared by the integration tests of `tests/it`, each written once: the fake
//! Discord and the harness that starts the real bot against it with a fresh data directory
//! (zero2prod's `helpers.rs` shape), the `whosaid` binary runner, engines on test corpora,
//! a news feed on 127.0.0.1, state written as the operator would, waiting, reading
//! `/metrics`, and a PostgreSQL schema of a test's own.

pub mod app;
pub mod cli;
pub mod engine;
pub mod fake_discord;
pub mod feed_server;
pub mod local;
pub mod metrics;
pub mod postgres;
pub mod state;
pub mod wait;
pub mod web;
