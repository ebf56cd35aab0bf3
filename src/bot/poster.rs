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
//! 429 retried after the wait; 401 (the token, not the post), 408, 5xx and network
//! failures retried with backoff.
//! Calls `feeds::deliver` (the `Poster` trait), `bot::embed` and `bot::reply`.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, Http, HttpError, RoleId};
use serenity::model::channel::Nonce;

use crate::feeds::deliver::{OutgoingPost, PostError, PostOutcome, Poster};

/// How long to wait after a 429 whose wait serenity did not pass on. With serenity's rate
/// limiter on (production), it waits out 429s itself and they do not reach us.
const RATE_LIMIT_FALLBACK: Duration = Duration::from_secs(5);

/// Posts update posts through serenity's HTTP client.
pub struct DiscordPoster {
    http: Arc<Http>,
}

impl DiscordPoster {
    pub fn new(http: Arc<Http>) -> Self {
        DiscordPoster { http }
    }
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
        let channel = ChannelId::new(post.channel_id);
        match channel.send_message(&self.http, message_for(post)).await {
            Ok(message) => Ok(PostOutcome {
                message_id: Some(message.id.get()),
            }),
            Err(e) => Err(classify(&e)),
        }
    }
}

/// Map a serenity error to what the delivery worker does with the post.
pub fn classify(error: &serenity::Error) -> PostError {
    let serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) = error else {
        // Network trouble, a body serenity could not read: try again later.
        return PostError::Transient(error.to_string());
    };
    let status = response.status_code.as_u16();
    let reason = format!(
        "HTTP {status}: {} (code {})",
        response.error.message, response.error.code
    );
    match status {
        404 => PostError::ChannelGone(reason),
        403 => PostError::Forbidden(reason),
        429 => PostError::RateLimited(RATE_LIMIT_FALLBACK),
        // The token, not the post: keep the post for when the bot is let in again.
        401 | 408 => PostError::Transient(reason),
        400..=499 => PostError::Rejected(reason),
        _ => PostError::Transient(reason),
    }
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
}
