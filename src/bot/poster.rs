//! Update posts to Discord: the serenity side of the delivery worker's [`Poster`].
//!
//! Each post is one `POST /channels/{id}/messages` with the rendered text as content, the
//! outbox row's nonce and `enforce_nonce: true` (Discord then answers a second message
//! with the same nonce in that channel with the first one, so a retry after a crash between
//! "sent" and "recorded" cannot post twice), and `allowed_mentions` that allow nothing but
//! the subscription's role when it has one (`parse: []`, no users, that role only).
//!
//! Discord's answer becomes the worker's outcome: 2xx sent; 404 the channel is gone, 403 no
//! permission, 400 and other 4xx the message refused (each dropped with Discord's reason);
//! 429 retried once Discord's `retry_after` (JSON body or `Retry-After` header) has passed;
//! 401 (the token, not the post), 408, 5xx and network failures retried with backoff.
//!
//! Posts go out on the poster's own HTTP client, built by serenity's `Request` (same URL,
//! headers and body as `send_message`), not through serenity's rate limiter: serenity's
//! error type drops `retry_after`, and its limiter would sleep inside the delivery pass;
//! here a 429 becomes a retry time in the outbox, so a crash during the wait loses
//! nothing. Our per-channel limit keeps posts far below Discord's own route limits.
//!
//! A 403 pauses the post's channel (see `feeds::deliver`); the poster then tells the
//! server's moderators through [`crate::bot::pauses::tell`] when given the store.
//! Calls `feeds::deliver` (the `Poster` trait), `bot::embed`, `bot::pauses` and
//! `bot::reply`.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, Http, LightMethod, RoleId};
use serenity::http::{Request, Route};
use serenity::model::channel::Nonce;

use crate::bot::metrics::Metrics;
use crate::feeds::deliver::{OutgoingPost, PostError, PostOutcome, Poster};
use crate::store::{ChannelPause, Store};

/// How long to wait after a 429 that says nothing of how long.
const RATE_LIMIT_FALLBACK: Duration = Duration::from_secs(5);
/// A post not answered in this time is retried (the nonce makes a late success harmless).
const POST_TIMEOUT: Duration = Duration::from_secs(30);

/// Posts update posts to Discord's REST API.
pub struct DiscordPoster {
    http: Arc<Http>,
    client: reqwest::Client,
    metrics: Arc<Metrics>,
    /// Where the moderators are told of a paused channel; `None`: not told.
    store: Option<Arc<Store>>,
}

impl DiscordPoster {
    /// A poster using `http`'s token and API base URL, counting what Discord answers in
    /// `metrics`.
    pub fn new(http: Arc<Http>, metrics: Arc<Metrics>) -> Result<Self, PostError> {
        let client = reqwest::Client::builder()
            .timeout(POST_TIMEOUT)
            .build()
            .map_err(|e| PostError::Transient(format!("cannot build the HTTP client: {e}")))?;
        Ok(DiscordPoster {
            http,
            client,
            metrics,
            store: None,
        })
    }

    /// Tell the moderators (audit log and modlog channel, from `store`) when a post's
    /// channel is paused.
    pub fn telling(mut self, store: Arc<Store>) -> Self {
        self.store = Some(store);
        self
    }

    async fn send(&self, post: &OutgoingPost) -> Result<PostOutcome, PostError> {
        let body = serde_json::to_vec(&message_for(post))
            .map_err(|e| PostError::Rejected(format!("cannot encode the message: {e}")))?;
        let route = Route::ChannelMessages {
            channel_id: ChannelId::new(post.channel_id),
        };
        let request = Request::new(route, LightMethod::Post)
            .body(Some(body))
            .build(&self.client, self.http.token(), self.http.proxy.as_deref())
            .map_err(|e| PostError::Rejected(format!("cannot build the request: {e}")))?;
        let response = request.send().await.map_err(|e| {
            self.metrics.response("update_post", None);
            network(e)
        })?;
        let status = response.status().as_u16();
        self.metrics.response("update_post", Some(status));
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.bytes().await.map_err(network)?;
        outcome(status, retry_after.as_deref(), &body)
    }
}

fn network(e: reqwest::Error) -> PostError {
    PostError::Transient(format!("cannot reach Discord: {e}"))
}

/// The allowed mentions of an update post: nothing, or exactly the subscription's role.
pub fn mentions_for(role: Option<u64>) -> CreateAllowedMentions {
    let none = crate::bot::reply::no_pings();
    match role.filter(|r| *r != 0) {
        Some(role) => none.roles([RoleId::new(role)]),
        None => none,
    }
}

/// The message body of an update post.
pub fn message_for(post: &OutgoingPost) -> CreateMessage {
    CreateMessage::new()
        .content(crate::bot::embed::shorten_words(&post.content, 2_000))
        .allowed_mentions(mentions_for(post.mention_role_id))
        .nonce(Nonce::String(post.nonce.clone()))
        .enforce_nonce(true)
}

impl Poster for DiscordPoster {
    async fn post(&self, post: &OutgoingPost) -> Result<PostOutcome, PostError> {
        if post.channel_id == 0 {
            return Err(PostError::ChannelGone("channel id 0".into()));
        }
        let result = self.send(post).await;
        self.metrics.post(&result);
        result
    }

    async fn channel_paused(&self, pause: &ChannelPause) {
        if let Some(store) = &self.store {
            crate::bot::pauses::tell(&self.http, store, pause).await;
        }
    }
}

/// What Discord's answer to a post means for the delivery worker: its status, its
/// `Retry-After` header and its body.
pub fn outcome(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<PostOutcome, PostError> {
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    if (200..300).contains(&status) {
        let message_id = json["id"].as_str().and_then(|id| id.parse().ok());
        return Ok(PostOutcome { message_id });
    }
    let reason = format!(
        "HTTP {status}: {} (code {})",
        json["message"].as_str().unwrap_or("no message"),
        json["code"].as_i64().unwrap_or(0)
    );
    Err(match status {
        404 => PostError::ChannelGone(reason),
        403 => PostError::Forbidden(reason),
        429 => PostError::RateLimited(wait_of(retry_after, &json)),
        // The token, not the post: keep the post for when the bot is let in again.
        401 | 408 => PostError::Transient(reason),
        400..=499 => PostError::Rejected(reason),
        _ => PostError::Transient(reason),
    })
}

/// How long a 429 asks to wait: the longer of the header and the body's `retry_after`
/// (both seconds, possibly fractional); the fallback when neither says.
fn wait_of(header: Option<&str>, body: &serde_json::Value) -> Duration {
    let header = header.and_then(|h| h.trim().parse::<f64>().ok());
    let body = body["retry_after"].as_f64();
    let secs = [header, body]
        .into_iter()
        .flatten()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .fold(None, |max: Option<f64>, s| {
            Some(max.map_or(s, |m| m.max(s)))
        });
    // A day at most: a wait beyond that is a broken answer, not a plan.
    secs.and_then(|s| Duration::try_from_secs_f64(s.min(86_400.0)).ok())
        .unwrap_or(RATE_LIMIT_FALLBACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(role: Option<u64>) -> OutgoingPost {
        OutgoingPost {
            channel_id: 10,
            content: "<@&77> New from **Mark Rutte**: @everyone".into(),
            mention_role_id: role,
            nonce: "wsabc1231".into(),
        }
    }

    #[test]
    fn the_body_carries_the_nonce_enforced_and_pings_only_the_role() {
        let body = serde_json::to_value(message_for(&post(Some(77)))).expect("json");
        assert_eq!(body["nonce"], "wsabc1231");
        assert_eq!(body["enforce_nonce"], true);
        assert_eq!(
            body["allowed_mentions"],
            serde_json::json!({"parse": [], "users": [], "roles": ["77"], "replied_user": false})
        );
        let body = serde_json::to_value(message_for(&post(None))).expect("json");
        assert_eq!(
            body["allowed_mentions"],
            serde_json::json!({"parse": [], "users": [], "roles": [], "replied_user": false})
        );
    }

    #[test]
    fn a_429_waits_as_long_as_discord_says() {
        let wait = |header, body: &str| match outcome(429, header, body.as_bytes()) {
            Err(PostError::RateLimited(wait)) => wait,
            other => panic!("a 429 became {other:?}"),
        };
        let ms = Duration::from_millis;
        assert_eq!(
            wait(None, r#"{"retry_after": 1.5, "global": false}"#),
            ms(1500)
        );
        assert_eq!(wait(Some("3"), "{}"), ms(3000));
        assert_eq!(wait(Some("2"), r#"{"retry_after": 2.25}"#), ms(2250));
        assert_eq!(wait(None, "not json"), RATE_LIMIT_FALLBACK);
        assert_eq!(
            wait(Some("soon"), r#"{"retry_after": -1}"#),
            RATE_LIMIT_FALLBACK
        );
    }

    #[test]
    fn statuses_become_what_the_worker_does() {
        let body = br#"{"message": "Unknown Channel", "code": 10003}"#;
        assert!(
            matches!(outcome(404, None, body), Err(PostError::ChannelGone(r)) if r.contains("10003"))
        );
        assert!(
            matches!(outcome(500, None, b""), Err(PostError::Transient(r)) if r.contains("500"))
        );
        assert!(matches!(
            outcome(400, None, b"{}"),
            Err(PostError::Rejected(_))
        ));
        assert_eq!(
            outcome(200, None, br#"{"id": "42"}"#),
            Ok(PostOutcome {
                message_id: Some(42)
            })
        );
    }
}
