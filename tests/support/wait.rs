//! Waiting for something a test cannot be told about (a poll, a post, a row), by looking
//! again every few milliseconds until it holds, and failing with its name at a deadline.

use std::time::{Duration, Instant};

/// How often a condition is looked at again: often enough for a test that must act within
/// a few hundred milliseconds of it.
const EVERY: Duration = Duration::from_millis(10);

/// Wait until `done` holds; panic naming `what` after `within`.
pub async fn until(what: &str, within: Duration, done: impl FnMut() -> bool) {
    until_or(what, within, done, String::new).await;
}

/// Wait until `done` holds; after `within`, panic naming `what` and with `context()` (the
/// state that would explain the wait).
pub async fn until_or(
    what: &str,
    within: Duration,
    mut done: impl FnMut() -> bool,
    context: impl FnOnce() -> String,
) {
    let start = Instant::now();
    while !done() {
        if start.elapsed() > within {
            panic!("timed out after {within:?} waiting for {what}{}", context());
        }
        tokio::time::sleep(EVERY).await;
    }
}
