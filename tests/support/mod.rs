//! Helpers shared by the integration tests: the fake Discord and the harness that starts
//! the real bot against it with a fresh data directory (zero2prod's `helpers.rs` shape).
//! Each test binary uses a different subset, hence `dead_code` is allowed here.
#![allow(dead_code)]

pub mod app;
pub mod cli;
pub mod engine;
pub mod fake_discord;
pub mod feed_server;
pub mod local;
pub mod state;
pub mod wait;
