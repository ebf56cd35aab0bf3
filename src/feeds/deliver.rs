//! The delivery worker: takes due posts from the outbox and hands them to a [`Poster`]
//! (the bot implements it with serenity; tests with a fake), then marks each sent,
//! retried with exponential backoff, or dropped with a logged reason (channel gone,
//! rejected, too many attempts). A channel found gone has its subscriptions paused and
//! its other posts dropped, so it is not tried again. A post refused for want of
//! permission (403) is not dropped: its channel is paused (see [`Store::pause_channel`]),
//! the post waits with the channel's others, the poster tells the moderators once, and
//! the bot resumes the channel when its permissions there are back.
//!
//! Exactly once: a post is marked sent only after the poster reports success, and the
//! poster sends the row's nonce with `enforce_nonce`, so a retry after a crash between the
//! two returns the message already posted instead of posting again. Nodes sharing a store
//! take posts with a short lease ([`DeliveryOptions::lease_secs`]): one node sends each,
//! and another takes over a post whose node died, soon enough for the nonce to still
//! catch a repeat. The per-channel rate limit lives in the store (a sliding hour over
//! what was sent), so it holds across restarts and nodes, and what waits is posted later,
//! never dropped. Calls `store` only.

use std::future::Future;
use std::time::Duration;

use crate::store::{ChannelPause, Lease, OutboxRow, Store, StoreError};

/// One post for the poster to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingPost {
    pub channel_id: u64,
    pub content: String,
    /// The one role the post may mention (`allowed_mentions` names it and nothing else).
    pub mention_role_id: Option<u64>,
    /// At most 25 characters, stable for the outbox row: send with `enforce_nonce: true`.
    pub nonce: String,
}

impl OutgoingPost {
    fn from_row(row: &OutboxRow) -> Self {
        OutgoingPost {
            channel_id: row.channel_id,
            content: row.content.clone(),
            mention_role_id: row.mention_role_id,
            nonce: row.nonce.clone(),
        }
    }
}

/// A post Discord accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostOutcome {
    pub message_id: Option<u64>,
}

/// Why a post was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    /// 404: the channel no longer exists. Dropped.
    #[error("the channel is gone: {0}")]
    ChannelGone(String),
    /// 403: the bot may not post there. The channel is paused and the post waits.
    #[error("no permission to post: {0}")]
    Forbidden(String),
    /// 400: Discord refused the message itself; sending it again would not help. Dropped.
    #[error("the message was rejected: {0}")]
    Rejected(String),
    /// 429: wait this long, then try again (not counted as a failure).
    #[error("rate limited for {0:?}")]
    RateLimited(Duration),
    /// Anything else (5xx, network): tried again later.
    #[error("{0}")]
    Transient(String),
}

/// Something that can post a message to a channel: the Discord bot
/// (`bot::poster::DiscordPoster`), or a fake in tests. An implementation sends the post
/// with its nonce and `enforce_nonce`, lets nothing but `mention_role_id` ping, and maps
/// Discord's answer: 404 → ChannelGone, 403 → Forbidden, 400 → Rejected, 429 →
/// RateLimited(Discord's retry_after), anything else → Transient.
pub trait Poster: Send + Sync {
    fn post(
        &self,
        post: &OutgoingPost,
    ) -> impl Future<Output = Result<PostOutcome, PostError>> + Send;

    /// A post's channel was just paused (Discord answered 403): tell the server's
    /// moderators. Called once per pause; the bot's poster tells the modlog, fakes need not.
    fn channel_paused(&self, _pause: &ChannelPause) -> impl Future<Output = ()> + Send {
        async {}
    }
}

/// How the worker retries and paces.
#[derive(Clone, Debug)]
pub struct DeliveryOptions {
    /// Update posts per channel per hour (`[posts] per_channel_per_hour`).
    pub per_channel_per_hour: u32,
    /// Attempts before a failing post is dropped.
    pub max_attempts: i64,
    /// The first retry waits this long; each further one twice as long.
    pub backoff_base_secs: i64,
    pub backoff_max_secs: i64,
    /// Posts taken per pass.
    pub batch: usize,
    /// How long this node holds the posts it takes before another node may take them. A
    /// post sent just before a crash is sent again by another node about this long after
    /// it was taken: Discord remembers a nonce for a few minutes, so keep it well below.
    /// A pass gives each post at most what is left of its lease, less [`LEASE_MARGIN`],
    /// so no other node takes a post while this one is still sending it.
    pub lease_secs: i64,
}

impl Default for DeliveryOptions {
    fn default() -> Self {
        DeliveryOptions {
            per_channel_per_hour: 20,
            max_attempts: 10,
            backoff_base_secs: 5,
            backoff_max_secs: 3600,
            batch: 50,
            lease_secs: 60,
        }
    }
}

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retried: usize,
    pub dropped: usize,
    /// Held back by a channel's rate limit (still pending).
    pub waiting: usize,
    /// Left waiting because Discord refused their channel (403) in this pass.
    pub paused: usize,
}

/// Kept free at the end of a post lease: for the clocks of nodes that differ a little and
/// for `now` being a whole second. A pass starts no post with less than this left.
const LEASE_MARGIN: Duration = Duration::from_secs(5);

/// One pass over the due posts at `now` (Unix seconds): takes them with a lease (see
/// [`DeliveryOptions::lease_secs`]), posts them and records each outcome.
pub async fn deliver_due<P: Poster>(
    store: &Store,
    poster: &P,
    opts: &DeliveryOptions,
    node: &str,
    now: i64,
) -> Result<DeliveryReport, StoreError> {
    let started = std::time::Instant::now();
    let lease = Lease {
        node,
        secs: opts.lease_secs,
    };
    let due = store.claim_due_posts(lease, now, opts.per_channel_per_hour, opts.batch)?;
    let held = Duration::from_secs(opts.lease_secs.max(1) as u64);
    let mut report = DeliveryReport {
        waiting: due.deferred,
        ..DeliveryReport::default()
    };
    // Channels found gone in this pass: their other posts were dropped with them.
    let mut gone = std::collections::HashSet::new();
    // Channels paused in this pass, and why: their other posts wait too.
    let mut paused: std::collections::HashMap<u64, String> = std::collections::HashMap::new();
    for (i, row) in due.due.iter().enumerate() {
        if gone.contains(&row.channel_id) {
            report.dropped += 1;
            continue;
        }
        if let Some(reason) = paused.get(&row.channel_id) {
            report.paused += 1;
            store.mark_waiting(row.id, reason)?;
            continue;
        }
        let left = held.saturating_sub(started.elapsed() + LEASE_MARGIN);
        if left < LEASE_MARGIN {
            // The rest wait for the next pass (or, if this node dies, for their lease).
            tracing::info!(
                posts = due.due.len() - i,
                "the pass ran out of lease time; the rest wait"
            );
            break;
        }
        let result = post_within(poster, row, left).await;
        let recorded = match result {
            Ok(outcome) => {
                report.sent += 1;
                store.mark_sent(row.id, outcome.message_id, now)
            }
            Err(e @ PostError::ChannelGone(_)) => {
                report.dropped += 1;
                gone.insert(row.channel_id);
                channel_gone(store, row, &e)
            }
            Err(e @ PostError::Forbidden(_)) => {
                report.paused += 1;
                let reason = e.to_string();
                paused.insert(row.channel_id, reason.clone());
                pause(store, poster, row, reason, now).await
            }
            Err(e @ PostError::Rejected(_)) => {
                tracing::warn!(post = row.id, channel = row.channel_id, reason = %e, "update post dropped");
                report.dropped += 1;
                store.mark_dropped(row.id, &e.to_string())
            }
            Err(PostError::RateLimited(wait)) => {
                let at = not_before(now, started.elapsed() + wait);
                report.retried += 1;
                store.mark_retry(row.id, "rate limited by Discord", at)
            }
            Err(e) => {
                let attempts = row.attempts + 1;
                if attempts >= opts.max_attempts {
                    let reason = format!("gave up after {attempts} attempts; last: {e}");
                    tracing::warn!(post = row.id, channel = row.channel_id, %reason, "update post dropped");
                    report.dropped += 1;
                    store.mark_dropped(row.id, &reason)
                } else {
                    let wait = opts
                        .backoff_base_secs
                        .max(1)
                        .saturating_mul(1i64 << (attempts - 1).clamp(0, 20))
                        .min(opts.backoff_max_secs);
                    tracing::info!(post = row.id, error = %e, retry_in_secs = wait, "update post will be retried");
                    report.retried += 1;
                    store.mark_retry(row.id, &e.to_string(), now + wait)
                }
            }
        };
        match recorded {
            Ok(()) => {}
            // The row went meanwhile (its subscription was removed): nothing to record.
            Err(StoreError::NotFound(what)) => {
                tracing::info!(post = row.id, %what, "update post no longer in the outbox");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Post `row`, giving up after `left` (what remains of its lease): past that another node
/// may take it, and one node at a time should be sending it.
async fn post_within<P: Poster>(
    poster: &P,
    row: &OutboxRow,
    left: Duration,
) -> Result<PostOutcome, PostError> {
    tokio::time::timeout(left, poster.post(&OutgoingPost::from_row(row)))
        .await
        .unwrap_or_else(|_| {
            Err(PostError::Transient(format!(
                "no answer before the post's lease ran out ({left:?})"
            )))
        })
}

/// A post refused because its channel no longer exists: the post and the channel's other
/// pending posts are dropped, and its subscriptions paused (see [`Store::channel_gone`]).
fn channel_gone(store: &Store, row: &OutboxRow, e: &PostError) -> Result<(), StoreError> {
    store.mark_dropped(row.id, &e.to_string())?;
    let (paused, dropped) = store.channel_gone(row.channel_id, &e.to_string())?;
    tracing::warn!(
        post = row.id,
        channel = row.channel_id,
        reason = %e,
        subscriptions_paused = paused,
        other_posts_dropped = dropped,
        "update post dropped: the channel is gone"
    );
    Ok(())
}

/// A post refused with 403: it waits, its channel is paused (the bot resumes it when its
/// permissions there are back) and, when the pause is new, the moderators are told.
async fn pause<P: Poster>(
    store: &Store,
    poster: &P,
    row: &OutboxRow,
    reason: String,
    now: i64,
) -> Result<(), StoreError> {
    store.mark_waiting(row.id, &reason)?;
    let pause = ChannelPause {
        guild_id: row.guild_id,
        channel_id: row.channel_id,
        reason,
        since: now,
    };
    if store.pause_channel(&pause)? {
        tracing::warn!(post = row.id, channel = row.channel_id, reason = %pause.reason, "channel paused: its update posts wait");
        poster.channel_paused(&pause).await;
    }
    Ok(())
}

/// The first whole second at which a post may go again, `wait` after a moment `elapsed`
/// into a pass that began during second `now`: the pass may have begun up to a second after
/// `now`, so round up past that, never retrying before Discord's `retry_after`.
fn not_before(now: i64, wait: Duration) -> i64 {
    now + 1 + wait.as_secs_f64().ceil() as i64
}

/// Deliver until `shutdown` turns true: a pass, then a sleep until the next post is due
/// (at most `idle`), waking early on shutdown or when `wake` is notified (the poller does
/// when it queues posts). Database errors are logged and retried, so the worker only ends
/// on shutdown.
pub async fn run<P: Poster>(
    store: &Store,
    poster: &P,
    opts: &DeliveryOptions,
    node: &str,
    idle: Duration,
    wake: &tokio::sync::Notify,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<(), StoreError> {
    loop {
        if *shutdown.borrow() {
            return Ok(());
        }
        let now = crate::store::now();
        let report = match deliver_due(store, poster, opts, node, now).await {
            Ok(report) => report,
            Err(e) => {
                // A busy or failing database: say so, wait, and try again; what is
                // pending stays pending.
                tracing::error!(error = %e, "delivery pass failed");
                DeliveryReport::default()
            }
        };
        if report.sent + report.retried + report.dropped + report.paused > 0 {
            tracing::info!(?report, "delivery pass");
        }
        let wait = match store.next_post_due(node).unwrap_or(None) {
            Some(at) if at <= now && report.sent + report.retried + report.dropped > 0 => {
                Duration::ZERO
            }
            Some(at) => {
                Duration::from_secs((at - now).clamp(1, idle.as_secs().max(1) as i64) as u64)
            }
            None => idle,
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
            _ = shutdown.changed() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;
    use crate::store::{NewPost, NewSubscription, OutboxStatus, SubKind};

    const NODE: &str = "node-test";

    /// A fake Discord: records messages by nonce (as `enforce_nonce` does, a second post
    /// with a nonce it has seen returns the first message), and fails as scripted.
    #[derive(Default)]
    struct FakePoster {
        messages: Mutex<Vec<OutgoingPost>>,
        by_nonce: Mutex<HashMap<String, u64>>,
        script: Mutex<Vec<Result<(), PostError>>>,
        paused: Mutex<Vec<ChannelPause>>,
    }

    impl Poster for FakePoster {
        async fn post(&self, post: &OutgoingPost) -> Result<PostOutcome, PostError> {
            let scripted = self.script.lock().expect("lock").pop();
            if let Some(Err(e)) = scripted {
                return Err(e);
            }
            let mut by_nonce = self.by_nonce.lock().expect("lock");
            if let Some(id) = by_nonce.get(&post.nonce) {
                return Ok(PostOutcome {
                    message_id: Some(*id),
                });
            }
            let mut messages = self.messages.lock().expect("lock");
            messages.push(post.clone());
            let id = messages.len() as u64;
            by_nonce.insert(post.nonce.clone(), id);
            Ok(PostOutcome {
                message_id: Some(id),
            })
        }

        async fn channel_paused(&self, pause: &ChannelPause) {
            self.paused.lock().expect("lock").push(pause.clone());
        }
    }

    fn setup(posts_per_channel: &[(u64, usize)]) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open_in(dir.path()).expect("store");
        for (channel, n) in posts_per_channel {
            let sub = store
                .subscribe(
                    &NewSubscription {
                        guild_id: 1,
                        channel_id: *channel,
                        kind: SubKind::Topic,
                        value: "nato".into(),
                        mention_role_id: None,
                        created_by: None,
                    },
                    0,
                )
                .expect("sub");
            let posts: Vec<NewPost> = (0..*n)
                .map(|i| NewPost {
                    subscription_id: sub.id,
                    guild_id: 1,
                    channel_id: *channel,
                    mention_role_id: None,
                    doc_id: format!("d{i}"),
                    content: format!("post {i} for {channel}"),
                    statement_keys: vec![format!("k{i}")],
                })
                .collect();
            store.queue_posts(&posts, 0).expect("queue");
        }
        (dir, store)
    }

    #[tokio::test]
    async fn each_post_is_delivered_exactly_once() {
        let (_d, store) = setup(&[(10, 3)]);
        let poster = FakePoster::default();
        let opts = DeliveryOptions::default();
        let r = deliver_due(&store, &poster, &opts, NODE, 0)
            .await
            .expect("pass");
        assert_eq!(r.sent, 3);
        let r = deliver_due(&store, &poster, &opts, NODE, 10_000)
            .await
            .expect("pass");
        assert_eq!(r, DeliveryReport::default());
        assert_eq!(poster.messages.lock().expect("lock").len(), 3);
        assert_eq!(store.posted_count(Some(10)).expect("count"), 3);
    }

    /// Discord answering the posts after these delays, in turn.
    struct SlowPoster {
        delays: Mutex<Vec<Duration>>,
        started: Mutex<usize>,
    }

    impl Poster for SlowPoster {
        async fn post(&self, _: &OutgoingPost) -> Result<PostOutcome, PostError> {
            *self.started.lock().expect("lock") += 1;
            let delay = self.delays.lock().expect("lock").remove(0);
            tokio::time::sleep(delay).await;
            Ok(PostOutcome { message_id: None })
        }
    }

    /// Another node may take a post once its lease ends: a pass gives each post only what
    /// is left of the lease (less the margin) and starts none when too little is left.
    #[tokio::test]
    async fn a_pass_sends_nothing_after_its_lease_ends() {
        let (_d, store) = setup(&[(10, 5)]);
        let secs = Duration::from_secs;
        let poster = SlowPoster {
            delays: Mutex::new(vec![secs(1), secs(30)]),
            started: Mutex::new(0),
        };
        let opts = DeliveryOptions {
            lease_secs: 13,
            ..DeliveryOptions::default()
        };
        // 0–1 s: sent; 1 s: 7 s left, cut at 8 s (the margin before the lease ends);
        // then too little is left to start another.
        let r = deliver_due(&store, &poster, &opts, NODE, 0)
            .await
            .expect("pass");
        assert_eq!((r.sent, r.retried), (1, 1));
        assert_eq!(*poster.started.lock().expect("lock"), 2);
        let pending = store.outbox(Some(OutboxStatus::Pending)).expect("outbox");
        assert_eq!(
            pending.len(),
            4,
            "the cut one retried, three left for the next pass"
        );
    }

    #[tokio::test]
    async fn a_crash_after_posting_does_not_post_twice() {
        let (_d, store) = setup(&[(10, 1)]);
        let poster = FakePoster::default();
        // Posted, but the process died before recording it: the row is still pending.
        let row = store
            .claim_due_posts(
                Lease {
                    node: "node-died",
                    secs: 60,
                },
                0,
                20,
                10,
            )
            .expect("due")
            .due
            .remove(0);
        poster
            .post(&OutgoingPost::from_row(&row))
            .await
            .expect("posted");
        let opts = DeliveryOptions::default();
        let r = deliver_due(&store, &poster, &opts, NODE, 59)
            .await
            .expect("pass");
        assert_eq!(r.sent, 0, "its lease holds it until it ends");
        let r = deliver_due(&store, &poster, &opts, NODE, 60)
            .await
            .expect("pass");
        assert_eq!(r.sent, 1);
        assert_eq!(
            poster.messages.lock().expect("lock").len(),
            1,
            "the nonce made the retry a no-op"
        );
    }

    #[tokio::test]
    async fn failures_are_retried_with_backoff_then_sent() {
        let (_d, store) = setup(&[(10, 1)]);
        let poster = FakePoster::default();
        poster.script.lock().expect("lock").extend([
            Err(PostError::Transient("HTTP 502".into())),
            Err(PostError::Transient("HTTP 500".into())),
        ]);
        let opts = DeliveryOptions::default();
        assert_eq!(
            deliver_due(&store, &poster, &opts, NODE, 0)
                .await
                .expect("pass")
                .retried,
            1
        );
        // The first retry waits 5 s, the second 10 s.
        assert_eq!(
            deliver_due(&store, &poster, &opts, NODE, 4)
                .await
                .expect("pass")
                .retried,
            0
        );
        assert_eq!(
            deliver_due(&store, &poster, &opts, NODE, 5)
                .await
                .expect("pass")
                .retried,
            1
        );
        assert_eq!(
            deliver_due(&store, &poster, &opts, NODE, 14)
                .await
                .expect("pass")
                .sent,
            0
        );
        assert_eq!(
            deliver_due(&store, &poster, &opts, NODE, 15)
                .await
                .expect("pass")
                .sent,
            1
        );
        assert_eq!(poster.messages.lock().expect("lock").len(), 1);
    }

    #[tokio::test]
    async fn a_rate_limited_post_goes_again_only_after_discords_wait() {
        let (_d, store) = setup(&[(10, 1)]);
        let poster = FakePoster::default();
        poster
            .script
            .lock()
            .expect("lock")
            .push(Err(PostError::RateLimited(Duration::from_millis(1500))));
        let opts = DeliveryOptions::default();
        let pass = |now| deliver_due(&store, &poster, &opts, NODE, now);
        assert_eq!(pass(100).await.expect("pass").retried, 1);
        // The pass may have begun as late as 100.999 s: 102 could be under 1.5 s after.
        assert_eq!(pass(102).await.expect("pass").sent, 0);
        assert_eq!(pass(103).await.expect("pass").sent, 1);
        assert_eq!(poster.messages.lock().expect("lock").len(), 1);
    }

    #[tokio::test]
    async fn a_gone_channel_drops_and_a_forbidden_one_pauses_until_resumed() {
        let (_d, store) = setup(&[(10, 1), (20, 2)]);
        let poster = FakePoster::default();
        poster.script.lock().expect("lock").extend([
            Err(PostError::Forbidden("Missing Permissions".into())),
            Err(PostError::ChannelGone("Unknown Channel".into())),
        ]);
        let opts = DeliveryOptions::default();
        let r = deliver_due(&store, &poster, &opts, NODE, 0)
            .await
            .expect("pass");
        assert_eq!((r.dropped, r.paused, r.sent), (1, 2, 0), "{r:?}");
        let dropped = store.outbox(Some(OutboxStatus::Dropped)).expect("rows");
        assert_eq!(dropped.len(), 1);
        assert!(dropped[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("gone")));
        let waiting = store.outbox(Some(OutboxStatus::Pending)).expect("rows");
        assert_eq!(waiting.len(), 2, "nothing of the forbidden channel dropped");
        assert!(waiting
            .iter()
            .all(|w| w.channel_id == 20 && w.attempts == 0));
        let told = poster.paused.lock().expect("lock").clone();
        assert_eq!(told.len(), 1, "told once: {told:?}");
        assert!(told[0].reason.contains("Missing Permissions"));
        assert_eq!(
            deliver_due(&store, &poster, &opts, NODE, 10_000)
                .await
                .expect("pass"),
            DeliveryReport::default(),
            "a paused channel is not tried again"
        );
        assert_eq!(store.next_post_due(NODE).expect("due"), None);
        assert!(store.resume_channel(20).expect("resume"));
        let r = deliver_due(&store, &poster, &opts, NODE, 10_001)
            .await
            .expect("pass");
        assert_eq!(r.sent, 2, "{r:?}");
        assert_eq!(poster.messages.lock().expect("lock").len(), 2);
        assert_eq!(poster.paused.lock().expect("lock").len(), 1);
    }

    #[tokio::test]
    async fn a_gone_channel_is_not_tried_again_and_its_subscriptions_pause() {
        let (_d, store) = setup(&[(10, 3), (20, 1)]);
        let poster = FakePoster::default();
        poster
            .script
            .lock()
            .expect("lock")
            .push(Err(PostError::ChannelGone(
                "Unknown Channel (10003)".into(),
            )));
        let opts = DeliveryOptions::default();
        let r = deliver_due(&store, &poster, &opts, NODE, 0)
            .await
            .expect("pass");
        assert_eq!((r.sent, r.dropped), (1, 3), "{r:?}");
        let sent = poster.messages.lock().expect("lock").clone();
        assert_eq!(
            sent.iter().map(|p| p.channel_id).collect::<Vec<_>>(),
            vec![20]
        );
        let dropped = store.outbox(Some(OutboxStatus::Dropped)).expect("rows");
        assert_eq!(dropped.len(), 3);
        assert!(dropped
            .iter()
            .all(|d| d.channel_id == 10
                && d.last_error.as_deref().is_some_and(|e| e.contains("gone"))));
        assert_eq!(
            crate::store::tests::active_channels(&store),
            vec![20],
            "nothing new is queued for the gone channel"
        );
        let r = deliver_due(&store, &poster, &opts, NODE, 10_000)
            .await
            .expect("pass");
        assert_eq!(r, DeliveryReport::default());
    }

    #[tokio::test]
    async fn the_rate_limit_holds_posts_back_and_posts_them_later() {
        let (_d, store) = setup(&[(10, 5), (20, 1)]);
        let poster = FakePoster::default();
        let opts = DeliveryOptions {
            per_channel_per_hour: 2,
            ..DeliveryOptions::default()
        };
        let r = deliver_due(&store, &poster, &opts, NODE, 0)
            .await
            .expect("pass");
        assert_eq!((r.sent, r.waiting), (3, 3));
        let r = deliver_due(&store, &poster, &opts, NODE, 1800)
            .await
            .expect("pass");
        assert_eq!(r.sent, 0, "still within the hour");
        let r = deliver_due(&store, &poster, &opts, NODE, 3600)
            .await
            .expect("pass");
        assert_eq!(r.sent, 2);
        let r = deliver_due(&store, &poster, &opts, NODE, 7200)
            .await
            .expect("pass");
        assert_eq!(r.sent, 1);
        let sent: Vec<u64> = poster
            .messages
            .lock()
            .expect("lock")
            .iter()
            .map(|m| m.channel_id)
            .collect();
        assert_eq!(sent.iter().filter(|c| **c == 10).count(), 5, "none dropped");
        assert!(store
            .outbox(Some(OutboxStatus::Pending))
            .expect("rows")
            .is_empty());
    }

    /// A poster during whose call the subscription is removed (a moderator's
    /// `/unsubscribe` racing the worker).
    struct Unsubscriber<'a> {
        store: &'a Store,
    }

    impl Poster for Unsubscriber<'_> {
        async fn post(&self, _post: &OutgoingPost) -> Result<PostOutcome, PostError> {
            for sub in self.store.subscriptions(None).expect("subs") {
                self.store
                    .unsubscribe(sub.guild_id, sub.id)
                    .expect("unsubscribe");
            }
            Ok(PostOutcome { message_id: None })
        }
    }

    #[tokio::test]
    async fn a_subscription_removed_during_delivery_does_not_stop_the_worker() {
        let (_d, store) = setup(&[(10, 2)]);
        let poster = Unsubscriber { store: &store };
        let r = deliver_due(&store, &poster, &DeliveryOptions::default(), NODE, 0)
            .await
            .expect("the pass goes on");
        assert_eq!(r.sent, 2);
        assert!(store.outbox(None).expect("rows").is_empty());
    }

    #[tokio::test]
    async fn too_many_failures_drop_the_post() {
        let (_d, store) = setup(&[(10, 1)]);
        let poster = FakePoster::default();
        poster
            .script
            .lock()
            .expect("lock")
            .extend((0..3).map(|_| Err(PostError::Transient("HTTP 503".into()))));
        let opts = DeliveryOptions {
            max_attempts: 3,
            backoff_base_secs: 1,
            ..DeliveryOptions::default()
        };
        let mut now = 0;
        for _ in 0..3 {
            deliver_due(&store, &poster, &opts, NODE, now)
                .await
                .expect("pass");
            now += 100;
        }
        let dropped = store.outbox(Some(OutboxStatus::Dropped)).expect("rows");
        assert_eq!(dropped.len(), 1);
        assert!(dropped[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("gave up after 3")));
    }
}
