//! The serenity poster against the fake Discord: what it sends (checked against Discord's
//! schema by the fake), `enforce_nonce` making a resend return the first message, and how
//! each failure Discord may answer with becomes the delivery worker's outcome.

use std::sync::Arc;

use serde_json::json;
use serenity::all::HttpBuilder;
use whosaid::bot::poster::DiscordPoster;
use whosaid::feeds::deliver::{OutgoingPost, PostError, Poster};

use crate::support::app::TOKEN;
use crate::support::fake_discord::fixtures::{CHANNEL_ID, OTHER_CHANNEL_ID, ROLE_ID};
use crate::support::fake_discord::FakeDiscord;

fn poster(fake: &FakeDiscord) -> DiscordPoster {
    let http = HttpBuilder::new(TOKEN)
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    DiscordPoster::new(Arc::new(http), Arc::default()).expect("poster")
}

fn post(channel_id: u64, nonce: &str, role: Option<u64>) -> OutgoingPost {
    OutgoingPost {
        channel_id,
        content: match role {
            Some(r) => format!("<@&{r}> New from **Mark Rutte**: @everyone <@1>"),
            None => "New from **Mark Rutte**: @everyone <@1>".to_string(),
        },
        mention_role_id: role,
        nonce: nonce.to_string(),
    }
}

#[tokio::test]
async fn a_resend_with_the_same_nonce_returns_the_first_message() {
    let fake = FakeDiscord::start(TOKEN).await;
    let poster = poster(&fake);
    let first = poster
        .post(&post(CHANNEL_ID, "wsabc1", None))
        .await
        .expect("sent");
    let again = poster
        .post(&post(CHANNEL_ID, "wsabc1", None))
        .await
        .expect("sent");
    assert_eq!(first.message_id, again.message_id);
    assert_eq!(fake.posts().len(), 1, "one message, however often sent");
    let other = poster
        .post(&post(OTHER_CHANNEL_ID, "wsabc2", Some(ROLE_ID)))
        .await
        .expect("sent");
    assert_ne!(other.message_id, first.message_id);
    let posts = fake.posts();
    assert_eq!(posts.len(), 2);
    assert_eq!(
        posts[0].body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": [], "replied_user": false}),
        "nothing pings, whatever the content says"
    );
    assert_eq!(
        posts[1].body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": [ROLE_ID.to_string()], "replied_user": false})
    );
    assert_eq!(posts[1].channel_id, OTHER_CHANNEL_ID);
    fake.assert_no_violations();
    fake.assert_nothing_pings();
}

#[tokio::test]
async fn discords_refusals_become_drops_and_retries() {
    let fake = FakeDiscord::start(TOKEN).await;
    let poster = poster(&fake);
    type Expect = fn(&PostError) -> bool;
    let cases: [(u16, Expect); 7] = [
        (
            404,
            |e| matches!(e, PostError::ChannelGone(r) if r.contains("Unknown Channel")),
        ),
        (
            403,
            |e| matches!(e, PostError::Forbidden(r) if r.contains("Missing Permissions")),
        ),
        (
            400,
            |e| matches!(e, PostError::Rejected(r) if r.contains("Invalid Form Body")),
        ),
        (
            429,
            |e| matches!(e, PostError::RateLimited(wait) if !wait.is_zero()),
        ),
        (
            401,
            |e| matches!(e, PostError::Transient(r) if r.contains("401")),
        ),
        (
            500,
            |e| matches!(e, PostError::Transient(r) if r.contains("500")),
        ),
        (503, |e| matches!(e, PostError::Transient(_))),
    ];
    for (i, (status, expected)) in cases.iter().enumerate() {
        fake.fail_channel(CHANNEL_ID, *status);
        let err = poster
            .post(&post(CHANNEL_ID, &format!("wsfail{i}"), None))
            .await
            .expect_err("refused");
        assert!(expected(&err), "HTTP {status} became {err:?}");
    }
    fake.heal_channel(CHANNEL_ID);
    assert!(fake.posts().is_empty());
    poster
        .post(&post(CHANNEL_ID, "wsfail0", None))
        .await
        .expect("sent once the channel works");
    // A network failure (nothing listening) is retried later too.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let http = HttpBuilder::new(TOKEN)
        .proxy(format!("http://{dead}"))
        .ratelimiter_disabled(true)
        .build();
    let err = DiscordPoster::new(Arc::new(http), Arc::default())
        .expect("poster")
        .post(&post(CHANNEL_ID, "wsdead", None))
        .await
        .expect_err("unreachable");
    assert!(matches!(err, PostError::Transient(_)), "{err:?}");
    fake.assert_no_violations();
}
