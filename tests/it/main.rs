//! Every integration test, in one binary (`cargo test --test it`): one module per area, and
//! the helpers they share in `tests/support` (the fake Discord, the bot harness, the feed
//! server, the `whosaid` binary runner). One binary links tantivy and serenity once, and
//! its tests share one process: none may change the process's environment or current
//! directory; what a test needs goes to the child it spawns or the engine it opens.
//!
//! Run one area with its module name as the filter, e.g.
//! `cargo test --test it subscriptions::`.

#[path = "../support/mod.rs"]
mod support;

mod article_log;
mod backup;
mod bot;
mod browser;
mod channel_pauses;
mod chart;
mod cli;
mod conversation;
mod discord_faults;
mod disk_faults;
mod eval;
mod fake_discord;
mod feedparser_suite;
mod feeds_cli;
mod feeds_crash;
mod feeds_http;
mod fuzz_regressions;
mod ingest_crash;
mod limits;
mod load;
mod moderation;
mod nodes;
mod operate;
mod poster;
mod qa_questions;
mod seed_questions;
mod serve;
mod shards;
mod subscriptions;
mod subscriptions_crash;
mod unicode;
mod web;
