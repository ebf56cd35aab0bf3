//! Feeds, their fetch state (conditional-GET validators, failures, pause, next poll) and
//! the items seen in them (guid / link / content hash → document id).
//! Calls `super::outbox` to queue posts in a poll's transaction; nothing outside `store`.

use super::db::{args, Conn, Row};

use super::{require_changed, Lease, Result, Store, StoreError};

/// A feed as the store knows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Feed {
    pub id: i64,
    pub url: String,
    pub title: Option<String>,
    pub added_at: i64,
    pub poll_interval_secs: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetch: Option<i64>,
    pub last_success: Option<i64>,
    pub next_poll: i64,
    /// Consecutive failures since the last success.
    pub failures: i64,
    /// While failing, the last error; after a success, what that poll had to tell (the
    /// markup it repaired, the items it skipped and why), if anything.
    pub last_error: Option<String>,
    pub paused: bool,
    pub paused_reason: Option<String>,
    /// False until the first successful poll: its items are indexed but post nothing.
    pub polled: bool,
}

/// A feed to add.
pub struct NewFeed<'a> {
    pub url: &'a str,
    pub poll_interval_secs: i64,
}

/// What a successful fetch tells the store.
#[derive(Clone, Debug, Default)]
pub struct FeedFetch {
    pub title: Option<String>,
    /// What a moderator should know of this read (repairs, skipped items), if anything.
    pub note: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// How an item is recognised: guid first, then link, then content hash.
#[derive(Clone, Debug)]
pub struct ItemKey<'a> {
    pub guid: Option<&'a str>,
    pub link: Option<&'a str>,
    pub content_hash: &'a str,
}

/// An item seen before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownItem {
    pub id: i64,
    pub doc_id: String,
    pub content_hash: String,
}

/// An item to record as seen (new or edited).
#[derive(Clone, Debug)]
pub struct ItemSeen {
    pub guid: Option<String>,
    pub link: Option<String>,
    pub content_hash: String,
    pub doc_id: String,
}

const FEED_COLUMNS: &str = "id, url, title, added_at, poll_interval_secs, etag, last_modified, \
     last_fetch, last_success, next_poll, failures, last_error, paused, paused_reason, polled";

fn feed_row(r: &Row) -> Result<Feed> {
    Ok(Feed {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        added_at: r.get(3)?,
        poll_interval_secs: r.get(4)?,
        etag: r.get(5)?,
        last_modified: r.get(6)?,
        last_fetch: r.get(7)?,
        last_success: r.get(8)?,
        next_poll: r.get(9)?,
        failures: r.get(10)?,
        last_error: r.get(11)?,
        paused: r.get(12)?,
        paused_reason: r.get(13)?,
        polled: r.get(14)?,
    })
}

/// Add a feed, due for polling now, unless it is there already (for a server that
/// follows it, or a subscription that names it).
pub(super) fn add_if_new(conn: &Conn<'_>, url: &str, interval_secs: i64, now: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO feeds (url, added_at, poll_interval_secs, next_poll) VALUES (?1, ?2, ?3, ?2)",
        args![url, now, interval_secs],
    )?;
    Ok(())
}

impl Store {
    /// Add a feed, due for polling now. Adding a URL twice is a conflict.
    pub fn add_feed(&self, feed: NewFeed<'_>, now: i64) -> Result<Feed> {
        let conn = self.conn()?;
        let exists: Option<i64> = conn.query_opt(
            "SELECT id FROM feeds WHERE url = ?1",
            args![feed.url],
            |r| r.get(0),
        )?;
        if let Some(id) = exists {
            return Err(StoreError::Conflict(format!(
                "the feed {} is already followed (id {id})",
                feed.url
            )));
        }
        let id = conn.insert_id(
            "INSERT INTO feeds (url, added_at, poll_interval_secs, next_poll) VALUES (?1, ?2, ?3, ?2)",
            args![feed.url, now, feed.poll_interval_secs.max(1)],
        )?;
        drop(conn);
        self.feed(id)
    }

    /// One feed by id.
    pub fn feed(&self, id: i64) -> Result<Feed> {
        self.conn()?
            .query_opt(
                &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = ?1"),
                args![id],
                feed_row,
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no feed with id {id}")))
    }

    /// One feed by URL.
    pub fn feed_by_url(&self, url: &str) -> Result<Option<Feed>> {
        self.conn()?.query_opt(
            &format!("SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?1"),
            args![url],
            feed_row,
        )
    }

    /// Every feed, oldest first.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        self.query_all(
            &format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY id"),
            args![],
            feed_row,
        )
    }

    /// Feeds due for a poll at `now` (not paused), soonest first.
    pub fn due_feeds(&self, now: i64) -> Result<Vec<Feed>> {
        self.query_all(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds WHERE paused = 0 AND next_poll <= ?1 ORDER BY next_poll, id"
        ), args![now], feed_row)
    }

    /// Take up to `limit` feeds due at `now` (soonest first) for `lease.node` to poll: each
    /// is leased until `now + lease.secs`, and no other node takes it before then (recording
    /// the poll ends the lease; a node that dies mid-poll leaves it to expire, or takes it
    /// again when it starts again, as does a node whose poll failed on its side). PostgreSQL
    /// locks the rows it reads and skips those another node is taking at that moment;
    /// SQLite's write transaction serialises the nodes.
    pub fn claim_due_feeds(&self, lease: Lease<'_>, now: i64, limit: usize) -> Result<Vec<Feed>> {
        self.in_transaction(|tx| {
            let lock = if tx.is_postgres() {
                " FOR UPDATE SKIP LOCKED"
            } else {
                ""
            };
            let due = tx.query_all(
                &format!(
                    "SELECT {FEED_COLUMNS} FROM feeds
                     WHERE paused = 0 AND next_poll <= ?1 AND (lease_until <= ?1 OR leased_by = ?3)
                     ORDER BY next_poll, id LIMIT ?2{lock}"
                ),
                args![now, i64::try_from(limit).unwrap_or(i64::MAX), lease.node],
                feed_row,
            )?;
            let mut taken = Vec::with_capacity(due.len());
            for feed in due {
                // Conditional: a row read before another node's lease committed is left.
                let n = tx.execute(
                    "UPDATE feeds SET lease_until = ?2, leased_by = ?3
                     WHERE id = ?1 AND (lease_until <= ?4 OR leased_by = ?3)",
                    args![feed.id, lease.until(now), lease.node, now],
                )?;
                if n == 1 {
                    taken.push(feed);
                }
            }
            Ok(taken)
        })
    }

    /// When the next unpaused feed is due for `node`, if any: its next poll, or the end of
    /// its lease when another node holds it.
    pub fn next_feed_due(&self, node: &str) -> Result<Option<i64>> {
        self.conn()?.query_one(
            "SELECT MIN(CASE WHEN lease_until > next_poll AND leased_by <> ?1 THEN lease_until
                        ELSE next_poll END)
             FROM feeds WHERE paused = 0",
            args![node],
            |r| r.get(0),
        )
    }

    /// Forget a feed and the items seen in it (the indexed documents stay).
    pub fn remove_feed(&self, id: i64) -> Result<()> {
        let n = self
            .conn()?
            .execute("DELETE FROM feeds WHERE id = ?1", args![id])?;
        require_changed(n, || format!("no feed with id {id}"))
    }

    /// A poll that the server answered with 304 Not Modified: a success that changes nothing
    /// (but the next poll's time; the lease ends).
    pub fn feed_not_modified(&self, id: i64, now: i64) -> Result<()> {
        self.conn()?.execute(
            "UPDATE feeds SET last_fetch = ?2, last_success = ?2, failures = 0, last_error = NULL,
                 next_poll = ?2 + poll_interval_secs, lease_until = 0, leased_by = NULL
             WHERE id = ?1",
            args![id, now],
        )?;
        Ok(())
    }

    /// A failed poll: count it, back off exponentially (interval × 2^failures, capped at a
    /// day), and pause the feed with the reason once `pause_after` failures in a row
    /// happened; the lease ends. Returns the feed as updated.
    pub fn feed_failed(&self, id: i64, error: &str, now: i64, pause_after: i64) -> Result<Feed> {
        let feed = self.feed(id)?;
        let failures = feed.failures + 1;
        let backoff = (feed.poll_interval_secs.max(1))
            .saturating_mul(1i64 << failures.min(16))
            .min(24 * 3600);
        let pause = failures >= pause_after;
        let reason = pause.then(|| format!("{failures} failures in a row; last: {error}"));
        self.conn()?.execute(
            "UPDATE feeds SET last_fetch = ?2, failures = ?3, last_error = ?4, next_poll = ?5,
                 lease_until = 0, leased_by = NULL, paused = CASE WHEN ?6 = 1 THEN 1 ELSE paused END,
                 paused_reason = COALESCE(?7, paused_reason)
             WHERE id = ?1",
            args![id, now, failures, error, now + backoff, pause, reason],
        )?;
        self.feed(id)
    }

    /// Pause or resume a feed. Resuming clears the failures and makes it due now.
    pub fn set_feed_paused(&self, id: i64, reason: Option<&str>, now: i64) -> Result<()> {
        let n = match reason {
            Some(r) => self.conn()?.execute(
                "UPDATE feeds SET paused = 1, paused_reason = ?2 WHERE id = ?1",
                args![id, r],
            )?,
            None => self.conn()?.execute(
                "UPDATE feeds SET paused = 0, paused_reason = NULL, failures = 0, next_poll = ?2
                 WHERE id = ?1",
                args![id, now],
            )?,
        };
        require_changed(n, || format!("no feed with id {id}"))
    }

    /// The item seen before under this key: by guid, else link, else content hash.
    pub fn known_item(&self, feed_id: i64, key: &ItemKey<'_>) -> Result<Option<KnownItem>> {
        let conn = self.conn()?;
        let row = |r: &Row| {
            Ok(KnownItem {
                id: r.get(0)?,
                doc_id: r.get(1)?,
                content_hash: r.get(2)?,
            })
        };
        let select = "SELECT id, doc_id, content_hash FROM feed_items WHERE feed_id = ?1";
        if let Some(guid) = key.guid {
            let hit = conn.query_opt(
                &format!("{select} AND guid = ?2"),
                args![feed_id, guid],
                row,
            )?;
            if hit.is_some() {
                return Ok(hit);
            }
        }
        if let Some(link) = key.link {
            let hit = conn.query_opt(
                &format!("{select} AND link = ?2"),
                args![feed_id, link],
                row,
            )?;
            if hit.is_some() {
                return Ok(hit);
            }
        }
        conn.query_opt(
            &format!("{select} AND content_hash = ?2"),
            args![feed_id, key.content_hash],
            row,
        )
    }

    /// How many items of a feed are recorded.
    pub fn item_count(&self, feed_id: i64) -> Result<i64> {
        self.conn()?.query_one(
            "SELECT COUNT(*) FROM feed_items WHERE feed_id = ?1",
            args![feed_id],
            |r| r.get(0),
        )
    }

    /// Record a successful poll in one transaction: the items seen (new ones inserted,
    /// edited ones updated), the feed's validators and state, and the update posts the new
    /// statements produced; the lease ends. A crash before this commits leaves the feed as
    /// it was, so the next poll (here, or on another node once the lease expired) fetches
    /// the items again and re-indexing them replaces the same documents.
    pub fn record_poll(
        &self,
        feed_id: i64,
        fetch: &FeedFetch,
        items: &[ItemSeen],
        posts: &[super::NewPost],
        now: i64,
    ) -> Result<usize> {
        self.in_transaction(|tx| {
        for item in items {
            let existing: Option<i64> = tx
                .query_opt(
                    "SELECT id FROM feed_items WHERE feed_id = ?1 AND doc_id = ?2",
                    args![feed_id, &item.doc_id],
                    |r| r.get(0),
                )?;
            match existing {
                Some(id) => tx.execute(
                    "UPDATE feed_items SET guid = ?2, link = ?3, content_hash = ?4, last_seen = ?5
                     WHERE id = ?1",
                    args![id, &item.guid, &item.link, &item.content_hash, now],
                )?,
                None => tx.execute(
                    "INSERT INTO feed_items (feed_id, guid, link, content_hash, doc_id, first_seen, last_seen)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    args![feed_id, &item.guid, &item.link, &item.content_hash, &item.doc_id, now],
                )?,
            };
        }
        let queued = super::outbox::queue_in(tx, &self.instance, posts, now)?;
        tx.execute(
            "UPDATE feeds SET title = COALESCE(?2, title), etag = ?3, last_modified = ?4,
                 last_fetch = ?5, last_success = ?5, failures = 0, last_error = ?6, polled = 1,
                 next_poll = ?5 + poll_interval_secs, lease_until = 0, leased_by = NULL
             WHERE id = ?1",
            args![feed_id, &fetch.title, &fetch.etag, &fetch.last_modified, now, &fetch.note],
        )?;
        Ok(queued)
        })
    }
}
