//! The article log: with a PostgreSQL store, every article `whosaid ingest` reads or a
//! feed poll takes in is appended to one shared, numbered log, and every `serve` node
//! tails that log into its own index. A node's index is then derived data: a node started
//! with an empty data directory catches up from the log, and a node killed mid-way
//! resumes after the last number its index commit recorded.
//!
//! Owns the entry format (a [`Document`] as JSON, with a hash of that JSON as its content:
//! the same article again appends nothing, a changed one appends a new version, which the
//! index applies by replacing the old) and the position format (the commit payload
//! `{"article_log":{"store":INSTANCE,"seq":N}}`: the store's instance tag tells one log
//! from another). Calls `corpus`, `engine` and `store`.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tracing::{debug, info, info_span, warn};

use crate::corpus::Document;
use crate::engine::{Engine, EngineError};
use crate::store::{Appended, LogEntry, LogWatch, Store, StoreError};

/// How often a tailer looks at the log without a notification: notifications are the
/// fast path; this covers a listening connection that was lost and not yet replaced.
pub const FALLBACK_POLL: Duration = Duration::from_secs(30);

/// Entries read and committed together: each commit makes a segment, so not one by one;
/// a crash replays at most this many.
const BATCH: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("cannot encode an article for the log: {0}")]
    Encode(#[from] serde_json::Error),
}

/// Append `docs` in order; the same content as an article's latest entry appends nothing.
pub fn append<'a>(
    store: &Store,
    docs: impl IntoIterator<Item = &'a Document>,
) -> Result<Appended, LogError> {
    let entries = docs.into_iter().map(entry).collect::<Result<Vec<_>, _>>()?;
    if entries.is_empty() {
        return Ok(Appended::default());
    }
    Ok(store.append_articles(&entries, crate::store::now())?)
}

fn entry(doc: &Document) -> Result<LogEntry, serde_json::Error> {
    let body = serde_json::to_string(doc)?;
    Ok(LogEntry {
        doc_id: doc.id.as_str().to_string(),
        content_hash: blake3::hash(body.as_bytes()).to_hex()[..32].to_string(),
        body,
    })
}

/// What an index commit records of the log.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    article_log: Position,
}

#[derive(Debug, Serialize, Deserialize)]
struct Position {
    store: String,
    seq: i64,
}

/// Applies the log to one node's index.
pub struct Tailer {
    store: Arc<Store>,
    engine: Arc<Engine>,
    /// Every entry up to this number is in the index (committed or about to be).
    applied: i64,
    batch: usize,
}

impl Tailer {
    /// A tailer resuming where the index's last commit left the log.
    pub fn new(store: Arc<Store>, engine: Arc<Engine>) -> Tailer {
        let applied = resume_at(&engine, store.instance());
        Tailer {
            store,
            engine,
            applied,
            batch: BATCH,
        }
    }

    /// Read and commit at most `n` entries at a time.
    pub fn with_batch(mut self, n: usize) -> Tailer {
        self.batch = n.max(1);
        self
    }

    /// The number of the last entry applied.
    pub fn applied(&self) -> i64 {
        self.applied
    }

    /// Apply the next batch and commit it with its position; how many entries it held
    /// (0: caught up).
    pub fn step(&mut self) -> Result<usize, LogError> {
        let rows = self.store.articles_after(self.applied, self.batch)?;
        let Some(last) = rows.last().map(|r| r.seq) else {
            return Ok(0);
        };
        let _span = info_span!("tail", from = self.applied, to = last).entered();
        let docs: Vec<Document> = rows
            .iter()
            .filter_map(|r| match serde_json::from_str(&r.body) {
                Ok(doc) => Some(doc),
                Err(e) => {
                    warn!(seq = r.seq, error = %e, "skipping an article log entry that is not a document");
                    None
                }
            })
            .collect();
        let payload = serde_json::to_string(&Payload {
            article_log: Position {
                store: self.store.instance().to_string(),
                seq: last,
            },
        })?;
        if !docs.is_empty() {
            self.engine.ingest_with_payload(docs, payload)?;
        }
        self.applied = last;
        Ok(rows.len())
    }

    /// Apply batches until the log has no more; how many entries were applied.
    pub fn catch_up(&mut self) -> Result<usize, LogError> {
        let mut total = 0;
        loop {
            match self.step()? {
                0 => return Ok(total),
                n => total += n,
            }
        }
    }

    /// Tail the log until `stop` turns true: catch up, then wait for a notification of
    /// an append (or `fallback`), and again. Failures are logged and retried.
    pub async fn run(self, fallback: Duration, mut stop: watch::Receiver<bool>) {
        info!(applied = self.applied, "tailing the article log");
        let mut tailer = self;
        let mut listening: Option<LogWatch> = None;
        loop {
            if listening.as_ref().is_none_or(|w| !w.is_alive()) {
                // Listen before reading, so an append made meanwhile still wakes us.
                listening = tailer.listen().await;
            }
            let Some(back) = tailer.catch_up_until(&stop).await else {
                return;
            };
            tailer = back;
            tokio::select! {
                changed = stop.changed() => if changed.is_err() || *stop.borrow() {
                    return;
                },
                () = wait(listening.as_ref()) => {}
                () = tokio::time::sleep(fallback) => {}
            }
        }
    }

    /// [`Tailer::catch_up`] off the async threads, a batch at a time, stopping between
    /// batches when asked; `None` when stopped (or the work panicked, which is logged).
    async fn catch_up_until(mut self, stop: &watch::Receiver<bool>) -> Option<Tailer> {
        loop {
            if *stop.borrow() {
                return None;
            }
            let done = tokio::task::spawn_blocking(move || {
                let result = self.step();
                (self, result)
            })
            .await;
            let (back, result) = match done {
                Ok(done) => done,
                Err(e) => {
                    tracing::error!(error = %e, "the article log tailer stopped");
                    return None;
                }
            };
            self = back;
            match result {
                Ok(0) => return Some(self),
                Ok(n) => debug!(entries = n, applied = self.applied, "article log applied"),
                Err(e) => {
                    warn!(error = %e, applied = self.applied, "cannot apply the article log; trying again later");
                    return Some(self);
                }
            }
        }
    }

    async fn listen(&self) -> Option<LogWatch> {
        let store = self.store.clone();
        match tokio::task::spawn_blocking(move || store.watch_article_log()).await {
            Ok(Ok(w)) => Some(w),
            Ok(Err(e)) => {
                warn!(error = %e, "cannot listen for article log appends; looking periodically");
                None
            }
            Err(e) => {
                warn!(error = %e, "cannot listen for article log appends");
                None
            }
        }
    }
}

/// Completes at the next notification; never without a listening connection.
async fn wait(listening: Option<&LogWatch>) {
    match listening {
        Some(w) => w.changed().await,
        None => std::future::pending().await,
    }
}

/// Where the index's last commit left the log of the store tagged `instance` (0: from
/// the start, also for an index built from another store's log).
fn resume_at(engine: &Engine, instance: &str) -> i64 {
    let Some(raw) = engine.commit_payload() else {
        return 0;
    };
    match serde_json::from_str::<Payload>(&raw) {
        Ok(p) if p.article_log.store == instance => p.article_log.seq,
        Ok(p) => {
            warn!(other = %p.article_log.store, this = instance,
                "the index was built from another store's article log; reading this one from the start");
            0
        }
        Err(e) => {
            warn!(error = %e, "the index commit records no article log position; reading the log from the start");
            0
        }
    }
}

#[cfg(test)]
mod tests;
