//! One poll of one feed, and the polling loop.
//!
//! fetch (conditional) → 304: record, done, nothing parsed → parse → for each item: seen
//! before with the same content? skip; seen with other content? the same document id
//! (an edit replaces it); new? a new id → index the new and edited documents → match
//! their statements against subscriptions (not on the feed's first poll: it indexes but
//! posts nothing) → record items, validators and posts in one transaction.
//!
//! With a PostgreSQL store the new and edited documents are also appended to the article
//! log (before that transaction), from which every node's index takes them.
//!
//! If the process dies before that transaction, the feed's validators are unchanged, so
//! the next poll fetches the same items again; re-indexing replaces the same documents
//! and the posts are queued then. Failures back off exponentially and, after
//! [`PollOptions::pause_after`] in a row, pause the feed with the reason.
//!
//! Calls `article_log`, `corpus`, `engine`, `render` (through matching) and `store`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use crate::corpus::{DocId, Document};
use crate::engine::Engine;
use crate::nlp::Analysis;
use crate::store::{Feed, FeedFetch, ItemKey, ItemSeen, Lease, NewPost, Store};

use super::fetch::{FetchError, Fetched, Fetcher, Validators};
use super::parse::{self, FeedItem};
use super::repair::Repairs;
use super::{matching, FeedUrl};

/// How long a node holds a feed it polls before another node may take it: longer than a
/// poll takes (fetch timeouts of seconds, then indexing), short enough that a feed whose
/// node died is not left for long. Recording the poll ends the lease at once.
pub const FEED_LEASE_SECS: i64 = 600;

/// How polling behaves.
#[derive(Clone, Debug)]
pub struct PollOptions {
    /// Consecutive failures after which a feed is paused.
    pub pause_after: i64,
}

impl Default for PollOptions {
    fn default() -> Self {
        PollOptions { pause_after: 5 }
    }
}

/// What one poll did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollOutcome {
    /// 304 Not Modified: nothing was read or parsed.
    NotModified,
    Updated {
        new: usize,
        edited: usize,
        unchanged: usize,
        /// Items left out, with reasons.
        skipped: Vec<String>,
        /// What was mended in the markup before it could be read.
        repairs: Repairs,
        /// Update posts queued in the outbox.
        queued: usize,
        /// The feed's first successful poll: indexed, nothing posted.
        first: bool,
    },
    Failed {
        error: String,
        /// The address policy refused it: no connection was made.
        refused: bool,
        /// The feed is now paused.
        paused: bool,
    },
}

impl PollOutcome {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            PollOutcome::NotModified => "not modified".to_string(),
            PollOutcome::Updated {
                new,
                edited,
                unchanged,
                skipped,
                repairs,
                queued,
                first,
            } => {
                let mut s = format!("{new} new, {edited} edited, {unchanged} unchanged");
                if !skipped.is_empty() {
                    s.push_str(&format!(
                        ", {} skipped ({})",
                        skipped.len(),
                        skipped.join("; ")
                    ));
                }
                if !repairs.is_empty() {
                    s.push_str(&format!("; repaired: {repairs}"));
                }
                if *first {
                    s.push_str("; first poll: indexed, nothing posted");
                } else {
                    s.push_str(&format!("; {queued} update post(s) queued"));
                }
                s
            }
            PollOutcome::Failed { error, paused, .. } => {
                if *paused {
                    format!("failed: {error} (the feed is now paused)")
                } else {
                    format!("failed: {error}")
                }
            }
        }
    }
}

/// Polls feeds into the engine and the store.
#[derive(Clone)]
pub struct Poller {
    store: Arc<Store>,
    engine: Arc<Engine>,
    fetcher: Fetcher,
    opts: PollOptions,
    /// Notified when a poll queued posts, to wake the delivery worker.
    queued: Arc<tokio::sync::Notify>,
    /// The name its feed leases carry (see [`Poller::with_node`]).
    node: String,
}

impl Poller {
    pub fn new(
        store: Arc<Store>,
        engine: Arc<Engine>,
        fetcher: Fetcher,
        opts: PollOptions,
    ) -> Self {
        Poller {
            store,
            engine,
            fetcher,
            opts,
            queued: Arc::new(tokio::sync::Notify::new()),
            node: crate::store::random_node_id(),
        }
    }

    /// Lease feeds in `node`'s name (a node's own, kept in its data directory; without
    /// it, a name for this poller only).
    pub fn with_node(mut self, node: &str) -> Self {
        self.node = node.to_string();
        self
    }

    /// Notified each time a poll queues update posts (see [`super::deliver::run`]).
    /// Notify `wake` (the delivery worker's) when a poll queues posts.
    pub fn waking(mut self, wake: Arc<tokio::sync::Notify>) -> Self {
        self.queued = wake;
        self
    }

    /// Poll one feed at `now` (Unix seconds) and record the outcome.
    #[tracing::instrument(skip(self, feed), fields(feed = feed.id, url = %feed.url))]
    pub async fn poll(&self, feed: &Feed, now: i64) -> PollOutcome {
        match self.try_poll(feed, now).await {
            Ok(outcome) => outcome,
            Err(PollError::Local(error)) => {
                // Our own trouble (the state database, the index), not the feed's: it is not
                // counted against the feed, and the next poll tries again (in `run`, this
                // node takes it again after a pause).
                tracing::error!(%error, "a poll could not be completed here");
                PollOutcome::Failed {
                    error,
                    refused: false,
                    paused: false,
                }
            }
            Err(PollError::Feed { error, refused }) => {
                tracing::warn!(%error, "feed poll failed");
                let paused = self
                    .store
                    .feed_failed(feed.id, &error, now, self.opts.pause_after)
                    .map(|f| f.paused)
                    .unwrap_or(false);
                PollOutcome::Failed {
                    error,
                    refused,
                    paused,
                }
            }
        }
    }

    async fn try_poll(&self, feed: &Feed, now: i64) -> Result<PollOutcome, PollError> {
        let allow = &self.fetcher.options().allow_hosts;
        let url = FeedUrl::parse(&feed.url, allow).map_err(|error| PollError::Feed {
            refused: true,
            error,
        })?;
        let validators = Validators {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
        };
        let fetched = self
            .fetcher
            .fetch(&url, &validators)
            .await
            .map_err(|e| PollError::Feed {
                refused: matches!(e, FetchError::Refused(_)),
                error: e.to_string(),
            })?;
        let (bytes, charset, validators) = match fetched {
            Fetched::NotModified => {
                self.store.feed_not_modified(feed.id, now)?;
                return Ok(PollOutcome::NotModified);
            }
            Fetched::Body {
                bytes,
                charset,
                validators,
                ..
            } => (bytes, charset, validators),
        };
        let this = self.clone();
        let feed = feed.clone();
        // Parsing, analysis and indexing are CPU and disk work: off the async threads.
        tokio::task::spawn_blocking(move || {
            this.ingest(&feed, &url, &bytes, charset.as_deref(), validators, now)
        })
        .await
        .map_err(|e| PollError::Local(format!("the poll stopped unexpectedly: {e}")))?
    }

    fn ingest(
        &self,
        feed: &Feed,
        url: &FeedUrl,
        bytes: &[u8],
        charset: Option<&str>,
        validators: Validators,
        now: i64,
    ) -> Result<PollOutcome, PollError> {
        let parsed = parse::parse(bytes, charset, url.url()).map_err(|error| PollError::Feed {
            refused: false,
            error,
        })?;
        let source = parsed
            .title
            .clone()
            .or_else(|| feed.title.clone())
            .unwrap_or_else(|| url.host().to_string());
        let note = parsed.notes();
        let Sorted {
            docs,
            seen,
            new,
            edited,
            unchanged,
        } = self.sort_items(feed, url, &source, parsed.items)?;
        let analysed = if docs.is_empty() {
            Vec::new()
        } else {
            self.engine
                .ingest_analyzed(docs)
                .map_err(|e| PollError::Local(format!("cannot index the items: {e}")))?
        };
        if self.store.has_article_log() {
            // Before the poll is recorded: a node dying in between fetches the items
            // again, and appending the same content again adds nothing.
            crate::article_log::append(&self.store, analysed.iter().map(|(doc, _)| doc))
                .map_err(|e| PollError::Local(format!("cannot append to the article log: {e}")))?;
        }
        let first = !feed.polled;
        // The first poll takes in what the feed already holds; only later items are news.
        let posts = if first {
            Vec::new()
        } else {
            self.posts_for(url, &analysed)?
        };
        let fetch = FeedFetch {
            note,
            title: parsed.title,
            etag: validators.etag,
            last_modified: validators.last_modified,
        };
        let queued = self
            .store
            .record_poll(feed.id, &fetch, &seen, &posts, now)?;
        if queued > 0 {
            // A permit is kept when the worker is busy, so the wake-up is never lost.
            self.queued.notify_one();
        }
        Ok(PollOutcome::Updated {
            new,
            edited,
            unchanged,
            skipped: parsed.skipped,
            repairs: parsed.repairs,
            queued,
            first,
        })
    }

    /// The fetched items told apart: new and edited ones become documents (and are
    /// remembered as seen), unchanged ones and repeats within the fetch are counted or
    /// dropped.
    fn sort_items(
        &self,
        feed: &Feed,
        url: &FeedUrl,
        source: &str,
        items: Vec<FeedItem>,
    ) -> Result<Sorted, PollError> {
        let mut out = Sorted::default();
        let mut this_poll = HashSet::new();
        for item in items {
            let key = ItemKey {
                guid: item.guid.as_deref(),
                link: item.link.as_deref(),
                content_hash: &item.content_hash,
            };
            let known = self.store.known_item(feed.id, &key)?;
            let doc_id = match &known {
                Some(k) => k.doc_id.clone(),
                None => item_doc_id(url, &item),
            };
            // The same item twice in one fetch (illegally nested items, repeated guids).
            if !this_poll.insert(doc_id.clone()) {
                continue;
            }
            match &known {
                Some(k) if k.content_hash == item.content_hash => {
                    out.unchanged += 1;
                    continue;
                }
                Some(_) => out.edited += 1,
                None => out.new += 1,
            }
            let Some(id) = DocId::parse(&doc_id) else {
                continue;
            };
            out.seen.push(ItemSeen {
                guid: item.guid.clone(),
                link: item.link.clone(),
                content_hash: item.content_hash.clone(),
                doc_id: doc_id.clone(),
            });
            out.docs.push(Document {
                id,
                source: Some(source.to_string()),
                title: item.title,
                url: item.link,
                published: item.published,
                text: item.text,
            });
        }
        Ok(out)
    }

    /// The posts the analysed items make for the active subscriptions.
    fn posts_for(
        &self,
        url: &FeedUrl,
        analysed: &[(Document, Analysis)],
    ) -> Result<Vec<NewPost>, PollError> {
        let subs = self.store.active_subscriptions()?;
        let mut posts = Vec::new();
        for (doc, analysis) in analysed {
            posts.extend(matching::posts_for(
                &self.store,
                self.engine.renderer(),
                &subs,
                Some(url.as_str()),
                doc,
                analysis,
            )?);
        }
        Ok(posts)
    }

    /// Poll due feeds until `shutdown` turns true, sleeping until the next is due (at most
    /// `idle`). Each feed is taken with a lease ([`FEED_LEASE_SECS`]), one at a time, so
    /// nodes sharing a store share the feeds and each is polled by one of them.
    pub async fn run(
        &self,
        idle: Duration,
        mut shutdown: tokio::sync::watch::Receiver<bool>,
        mut on_poll: impl FnMut(&Feed, &PollOutcome),
    ) -> Result<(), crate::store::StoreError> {
        loop {
            if *shutdown.borrow() {
                return Ok(());
            }
            let now = crate::store::now();
            let (due, leased) = self.take_due(now);
            let mut failed = false;
            for feed in &due {
                if *shutdown.borrow() {
                    return Ok(());
                }
                let outcome = self.poll(feed, now).await;
                failed |= matches!(outcome, PollOutcome::Failed { .. });
                on_poll(feed, &outcome);
            }
            // The next feed at once; but a poll that failed here keeps its lease and is
            // taken again after a pause, so a lasting local trouble is not a busy loop.
            if leased && !due.is_empty() && !failed {
                continue;
            }
            let now = crate::store::now();
            let wait = match self.store.next_feed_due(&self.node).unwrap_or(None) {
                Some(at) => {
                    Duration::from_secs((at - now).clamp(1, idle.as_secs().max(1) as i64) as u64)
                }
                None => idle,
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// The next due feed, leased to this node; whether it is leased. Where nothing can be
    /// written (a full disk, a read-only SQLite store, which no other node shares), no
    /// lease can be taken: every due feed, unleased, as before leases, so the polls go on
    /// (and record what they can once the disk has room again).
    fn take_due(&self, now: i64) -> (Vec<Feed>, bool) {
        let lease = Lease {
            node: &self.node,
            secs: FEED_LEASE_SECS,
        };
        match self.store.claim_due_feeds(lease, now, 1) {
            Ok(taken) => (taken, true),
            Err(e) if e.cannot_write() => {
                tracing::warn!(error = %e, "cannot lease feeds: polling them unleased");
                (self.store.due_feeds(now).unwrap_or_default(), false)
            }
            // A busy or failing database: say so, wait, and try again.
            Err(e) => {
                tracing::error!(error = %e, "cannot take the feeds due");
                (Vec::new(), false)
            }
        }
    }
}

/// A new item's document id: from the feed and the item's guid, else link, else content,
/// so the same item always gets the same id.
fn item_doc_id(url: &FeedUrl, item: &FeedItem) -> String {
    let key = item
        .guid
        .as_deref()
        .map(|g| format!("guid:{g}"))
        .or_else(|| item.link.as_deref().map(|l| format!("link:{l}")))
        .unwrap_or_else(|| format!("hash:{}", item.content_hash));
    let hash = blake3::hash(format!("{}\n{key}", url.as_str()).as_bytes()).to_hex();
    format!("feed-{}", &hash[..20])
}

#[derive(Debug)]
enum PollError {
    /// The feed's fault (unreachable, refused, not a feed): counted, backed off, paused.
    Feed { error: String, refused: bool },
    /// Ours (state database, index): reported, not held against the feed.
    Local(String),
}

impl From<crate::store::StoreError> for PollError {
    fn from(e: crate::store::StoreError) -> Self {
        PollError::Local(format!("state database: {e}"))
    }
}
/// A fetch's items, sorted by [`Poller::sort_items`].
#[derive(Default)]
struct Sorted {
    docs: Vec<Document>,
    seen: Vec<ItemSeen>,
    new: usize,
    edited: usize,
    unchanged: usize,
}
