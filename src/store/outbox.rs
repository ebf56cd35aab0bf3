//! The update-post outbox (zero2prod's issue-delivery queue): a post is recorded here, in
//! the same transaction as the items that produced it, before anything is sent; the
//! delivery worker takes due rows, and marks each sent, retried or dropped.
//!
//! Exactly once: `outbox_claims` has one row per (subscription, statement), so a statement
//! is queued at most once per subscription however often it is matched; each row has a
//! nonce derived from its id, which the poster hands to Discord with `enforce_nonce`, so a
//! retry after a crash between "sent" and "recorded" cannot post twice.
//!
//! The same statements run in the same transactions on PostgreSQL: there a second process
//! queuing a claim already taken fails with a conflict on `outbox_claims`' primary key and
//! its whole transaction rolls back (at most once still holds; the poll is retried), and a
//! second `mark_sent` waits for the first's row lock and then finds the row no longer
//! pending. Ids are never reused (AUTOINCREMENT on SQLite, identity on PostgreSQL), so
//! neither is a nonce.
//!
//! Across nodes: a node takes due rows with a lease ([`Store::claim_due_posts`]); no other
//! node takes them before it runs out, so a post is sent by one node. A post whose node
//! died is taken by another once the lease ran out (by the same node at once when it
//! starts again, see `store::leases`): the lease is short (a minute, see
//! `feeds::deliver`), so that repeat falls within the few minutes Discord remembers a
//! nonce.
//!
//! The per-channel rate limit is a sliding hour over the `sent_at` of this table (and the
//! rows leased now), so it survives restarts; rows over the limit wait (their
//! `next_attempt` moves), never drop.
//! Calls `super::moderation` (hidden documents, server limits); nothing outside `store`.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use super::db::{args, Conn, Row};

use super::{require_changed, Lease, Result, Store};

/// A post to queue.
#[derive(Clone, Debug)]
pub struct NewPost {
    pub subscription_id: i64,
    pub guild_id: u64,
    pub channel_id: u64,
    pub mention_role_id: Option<u64>,
    pub doc_id: String,
    pub content: String,
    /// The statements the post carries (stable keys); never empty.
    pub statement_keys: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxStatus {
    Pending,
    Sent,
    Dropped,
}

impl OutboxStatus {
    fn as_str(&self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Dropped => "dropped",
        }
    }
}

/// One outbox row.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub subscription_id: i64,
    pub guild_id: u64,
    pub channel_id: u64,
    pub mention_role_id: Option<u64>,
    pub doc_id: String,
    pub content: String,
    /// At most 25 characters, as Discord requires; stable for the row.
    pub nonce: String,
    pub status: OutboxStatus,
    pub attempts: i64,
    pub next_attempt: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// The advisory lock post claims take on PostgreSQL ("wsoutbox" in ASCII, as a number).
const CLAIM_LOCK: i64 = 0x7773_6f75_7462_6f78;

/// What a channel has used of its hourly budget: the posts sent in the past hour (their
/// times, oldest first) and those other nodes hold leases on now (when their leases end),
/// then those this claim takes. This node's own older leases are not in flight (its passes
/// run one after another): the claim takes them again.
struct Window {
    sent: Vec<i64>,
    leased: Vec<i64>,
}

impl Window {
    /// In one statement, so one snapshot: a post another node marks sent meanwhile is
    /// counted once, as leased or as sent, never missed between two reads.
    fn read(tx: &Conn<'_>, channel_id: u64, node: &str, now: i64) -> Result<Window> {
        let rows: Vec<(Option<i64>, i64)> = tx.query_all(
            "SELECT sent_at, lease_until FROM outbox WHERE channel_id = ?1
                 AND ((status = 'sent' AND sent_at > ?2)
                   OR (status = 'pending' AND lease_until > ?3 AND leased_by <> ?4))
             ORDER BY sent_at",
            args![channel_id as i64, now - 3600, now, node],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut window = Window {
            sent: Vec::new(),
            leased: Vec::new(),
        };
        for (sent_at, lease_until) in rows {
            match sent_at {
                Some(t) => window.sent.push(t),
                None => window.leased.push(lease_until),
            }
        }
        Ok(window)
    }

    fn used(&self) -> usize {
        self.sent.len() + self.leased.len()
    }

    /// When a full channel may have a slot: when the oldest post of the hour leaves the
    /// window, or, while leased posts fill it, when the first lease ends (sent or not).
    fn next_slot(&self, cap: usize, now: i64) -> i64 {
        let at = if self.sent.len() >= cap {
            self.sent.first().map(|t| t + 3600)
        } else {
            self.leased.iter().min().copied()
        };
        at.unwrap_or(now + 60).max(now + 1)
    }
}

/// What a delivery pass may send now, and what it held back.
#[derive(Debug, Default)]
pub struct Delivery {
    pub due: Vec<OutboxRow>,
    /// Rows held back by their channel's rate limit (rescheduled, still pending).
    pub deferred: usize,
}

const OUTBOX_COLUMNS: &str = "id, subscription_id, guild_id, channel_id, mention_role_id, doc_id, \
     content, nonce, status, attempts, next_attempt, last_error, created_at, sent_at";

fn outbox_row(r: &Row) -> Result<OutboxRow> {
    let status: String = r.get(8)?;
    Ok(OutboxRow {
        id: r.get(0)?,
        subscription_id: r.get(1)?,
        guild_id: r.get::<i64>(2)? as u64,
        channel_id: r.get::<i64>(3)? as u64,
        mention_role_id: r.get::<Option<i64>>(4)?.map(|v| v as u64),
        doc_id: r.get(5)?,
        content: r.get(6)?,
        nonce: r.get(7)?,
        status: match status.as_str() {
            "sent" => OutboxStatus::Sent,
            "dropped" => OutboxStatus::Dropped,
            _ => OutboxStatus::Pending,
        },
        attempts: r.get(9)?,
        next_attempt: r.get(10)?,
        last_error: r.get(11)?,
        created_at: r.get(12)?,
        sent_at: r.get(13)?,
    })
}

/// The nonce of an outbox row: "ws", the database's instance tag and the row id in base 36.
/// "ws" + 6 + at most 13 characters: within Discord's 25.
pub fn nonce_for(instance: &str, id: i64) -> String {
    let mut n = id.unsigned_abs();
    let mut digits = Vec::new();
    loop {
        let d = (n % 36) as u32;
        digits.push(char::from_digit(d, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    let id36: String = digits.into_iter().rev().collect();
    format!("ws{instance}{id36}")
}

/// Queue posts inside a caller's transaction; returns how many were queued. Statements
/// already claimed by the subscription are left out; a post with none left is not queued.
pub(super) fn queue_in(
    tx: &Conn<'_>,
    instance: &str,
    posts: &[NewPost],
    now: i64,
) -> Result<usize> {
    let mut queued = 0;
    for post in posts {
        let mut fresh = Vec::new();
        for key in &post.statement_keys {
            let claimed: Option<i64> = tx
                .query_opt(
                    "SELECT outbox_id FROM outbox_claims WHERE subscription_id = ?1 AND statement_key = ?2",
                    args![post.subscription_id, key],
                    |r| r.get(0),
                )?;
            if claimed.is_none() && !fresh.contains(key) {
                fresh.push(key.clone());
            }
        }
        let Some(first) = fresh.first() else {
            continue;
        };
        // A placeholder nonce, unique because the claim is, replaced once the id is known.
        let placeholder = format!("tmp:{}:{first}", post.subscription_id);
        let id = tx.insert_id(
            "INSERT INTO outbox (subscription_id, guild_id, channel_id, mention_role_id, doc_id,
                 content, nonce, next_attempt, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            args![
                post.subscription_id,
                post.guild_id as i64,
                post.channel_id as i64,
                post.mention_role_id.map(|v| v as i64),
                &post.doc_id,
                &post.content,
                placeholder,
                now
            ],
        )?;
        tx.execute(
            "UPDATE outbox SET nonce = ?2 WHERE id = ?1",
            args![id, nonce_for(instance, id)],
        )?;
        for key in &fresh {
            tx.execute(
                "INSERT INTO outbox_claims (subscription_id, statement_key, outbox_id) VALUES (?1, ?2, ?3)",
                args![post.subscription_id, key, id],
            )?;
        }
        queued += 1;
    }
    Ok(queued)
}

impl Store {
    /// Queue posts on their own (outside a feed poll). See [`Store::record_poll`].
    pub fn queue_posts(&self, posts: &[NewPost], now: i64) -> Result<usize> {
        self.in_transaction(|tx| queue_in(tx, &self.instance, posts, now))
    }

    /// The statement keys among `keys` that the subscription has not queued yet.
    pub fn unclaimed(&self, subscription_id: i64, keys: &[String]) -> Result<Vec<String>> {
        let conn = self.conn()?;
        let mut out = Vec::new();
        for key in keys {
            let claimed: Option<i64> = conn.query_opt(
                "SELECT 1 FROM outbox_claims WHERE subscription_id = ?1 AND statement_key = ?2",
                args![subscription_id, key],
                |r| r.get(0),
            )?;
            if claimed.is_none() && !out.contains(key) {
                out.push(key.clone());
            }
        }
        Ok(out)
    }

    /// Take the pending posts due at `now` (oldest first, at most `limit`) for `lease.node`
    /// to send: each is leased until `now + lease.secs`, and no other node takes it before
    /// then (marking it sent, retried or dropped ends the lease; if the node dies, another
    /// takes it once the lease expired, or the node itself when it starts again, and the
    /// nonce makes a repeat harmless).
    ///
    /// A channel that has had `per_channel_per_hour` posts in the past hour, counting those
    /// other nodes hold leases on, gets no more: its posts are rescheduled for when a slot
    /// frees. A server's own limit (`/mod limits`) replaces `per_channel_per_hour` for its
    /// channels; posts citing a document hidden there, or for a channel switched off
    /// there, are dropped (see `store::moderation`); posts for a paused channel (see
    /// [`Store::pause_channel`]) are left waiting. Claims run one at a time (PostgreSQL:
    /// an advisory lock; SQLite: its write lock), so two nodes never count the same slot.
    pub fn claim_due_posts(
        &self,
        lease: Lease<'_>,
        now: i64,
        per_channel_per_hour: u32,
        limit: usize,
    ) -> Result<Delivery> {
        self.in_transaction(|tx| {
            if tx.is_postgres() {
                tx.batch(&format!("SELECT pg_advisory_xact_lock({CLAIM_LOCK})"))?;
            }
            super::moderation::drop_excluded_posts(tx)?;
            let pending = tx.query_all(
                &format!(
                    "SELECT {OUTBOX_COLUMNS} FROM outbox
                     WHERE status = 'pending' AND next_attempt <= ?1
                       AND (lease_until <= ?1 OR leased_by = ?2)
                       AND channel_id NOT IN (SELECT channel_id FROM channel_pauses)
                     ORDER BY id"
                ),
                args![now, lease.node],
                outbox_row,
            )?;
            let lease_end = lease.until(now);
            let mut windows: HashMap<u64, Window> = HashMap::new();
            let mut delivery = Delivery::default();
            for row in pending {
                if delivery.due.len() >= limit {
                    break;
                }
                let window = match windows.entry(row.channel_id) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(v) => {
                        v.insert(Window::read(tx, row.channel_id, lease.node, now)?)
                    }
                };
                let cap = super::moderation::posts_per_hour(tx, row.guild_id)?
                    .unwrap_or(per_channel_per_hour) as usize;
                if window.used() >= cap {
                    tx.execute(
                        "UPDATE outbox SET next_attempt = ?2 WHERE id = ?1",
                        args![row.id, window.next_slot(cap, now)],
                    )?;
                    delivery.deferred += 1;
                    continue;
                }
                let n = tx.execute(
                    "UPDATE outbox SET lease_until = ?2, leased_by = ?3
                     WHERE id = ?1 AND status = 'pending' AND (lease_until <= ?4 OR leased_by = ?3)",
                    args![row.id, lease_end, lease.node, now],
                )?;
                if n == 1 {
                    window.leased.push(lease_end);
                    delivery.due.push(row);
                }
            }
            Ok(delivery)
        })
    }

    /// Discord accepted the post: mark it sent and remember what was posted.
    pub fn mark_sent(&self, id: i64, message_id: Option<u64>, now: i64) -> Result<()> {
        self.in_transaction(|tx| {
        let n = tx.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = NULL,
                 lease_until = 0, leased_by = NULL
             WHERE id = ?1 AND status = 'pending'",
            args![id, now],
        )?;
        require_changed(n, || format!("no pending post {id}"))?;
        // The casts: PostgreSQL cannot tell a select list's placeholder types otherwise.
        tx.execute(
            "INSERT INTO posts (outbox_id, channel_id, message_id, doc_id, posted_at)
             SELECT id, channel_id, CAST(?2 AS BIGINT), doc_id, CAST(?3 AS BIGINT)
             FROM outbox WHERE id = ?1",
            args![id, message_id.map(|m| m as i64), now],
        )?;
        Ok(())
        })
    }

    /// A failed attempt to be tried again at `next_attempt`.
    pub fn mark_retry(&self, id: i64, error: &str, next_attempt: i64) -> Result<()> {
        self.conn()?.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt = ?3,
                 lease_until = 0, leased_by = NULL
             WHERE id = ?1 AND status = 'pending'",
            args![id, error, next_attempt],
        )?;
        Ok(())
    }

    /// A post taken but not sent because its channel is paused: it waits, due as soon as
    /// the channel is resumed. Not an attempt: a pause does not bring it nearer to being
    /// given up.
    pub fn mark_waiting(&self, id: i64, reason: &str) -> Result<()> {
        self.conn()?.execute(
            "UPDATE outbox SET last_error = ?2, lease_until = 0, leased_by = NULL
             WHERE id = ?1 AND status = 'pending'",
            args![id, reason],
        )?;
        Ok(())
    }

    /// A post that will never be delivered (channel gone, rejected, gave up).
    pub fn mark_dropped(&self, id: i64, reason: &str) -> Result<()> {
        self.conn()?.execute(
            "UPDATE outbox SET status = 'dropped', attempts = attempts + 1, last_error = ?2,
                 lease_until = 0, leased_by = NULL
             WHERE id = ?1 AND status = 'pending'",
            args![id, reason],
        )?;
        Ok(())
    }

    /// Outbox rows, optionally of one status, oldest first.
    pub fn outbox(&self, status: Option<OutboxStatus>) -> Result<Vec<OutboxRow>> {
        self.query_all(
            &format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE CAST(?1 AS TEXT) IS NULL OR status = ?1 ORDER BY id"
            ),
            args![status.map(|s| s.as_str())],
            outbox_row,
        )
    }

    /// When the next pending post is due for `node`, if any: its next attempt, or the end
    /// of its lease when another node holds it. Posts of paused channels are not due.
    pub fn next_post_due(&self, node: &str) -> Result<Option<i64>> {
        self.conn()?.query_one(
            "SELECT MIN(CASE WHEN lease_until > next_attempt AND leased_by <> ?1 THEN lease_until
                        ELSE next_attempt END)
             FROM outbox WHERE status = 'pending'
               AND channel_id NOT IN (SELECT channel_id FROM channel_pauses)",
            args![node],
            |r| r.get(0),
        )
    }

    /// How many posts went to each channel (for checks and `stats`).
    pub fn posted_count(&self, channel_id: Option<u64>) -> Result<i64> {
        self.conn()?.query_one(
            "SELECT COUNT(*) FROM posts WHERE CAST(?1 AS BIGINT) IS NULL OR channel_id = ?1",
            args![channel_id.map(|c| c as i64)],
            |r| r.get(0),
        )
    }
}
