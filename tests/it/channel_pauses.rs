//! Channels the bot may not post in, end to end against the fake Discord: a server whose
//! channel overwrite denies the bot Send Messages pauses that channel's subscription at
//! GUILD_CREATE (no post is tried, `/subscriptions` says why, the modlog gets one notice)
//! and resumes it on CHANNEL_UPDATE, when the waiting post goes out once, at once (the
//! resume wakes the delivery worker); a post Discord
//! answers 403 anyway pauses the same way, waits, and goes out once after a role update
//! finds the permission back; `/subscribe` to a channel the bot may not post in pauses it
//! at once.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use whosaid::feeds::deliver::DeliveryOptions;
use whosaid::store::{GuildSettings, OutboxStatus, Store};

use crate::support::app::{Options, TestBot, TOKEN};
use crate::support::fake_discord::fixtures::{
    self, Arg, CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, OTHER_CHANNEL_ID,
    SEND_MESSAGES,
};
use crate::support::fake_discord::FakeDiscord;
use crate::support::feed_server::{FeedServer, RUTTE_OLD};
use crate::support::{state, wait};

const RUTTE_NEW: &str = "Mark Rutte said on Wednesday that allies must spend more on defence.";
const WITHIN: Duration = Duration::from_secs(20);

/// A state database where the test channel follows Mark Rutte and the other channel is
/// the modlog.
fn prepared(dir: &Path) {
    let store = Store::open_in(dir).expect("store");
    state::subscribe_person(&store, GUILD_ID, CHANNEL_ID, "Mark Rutte");
    let settings = GuildSettings {
        modlog_channel_id: Some(OTHER_CHANNEL_ID),
        ..GuildSettings::default()
    };
    store
        .set_guild_settings(GUILD_ID, &settings)
        .expect("modlog");
}

/// The bot on `dir`, against `fake`, polling feeds on 127.0.0.1 every second.
async fn bot_on(fake: FakeDiscord, dir: &Path) -> TestBot {
    bot_idling(fake, dir, Duration::from_secs(1)).await
}

/// The same, its background tasks sleeping up to `idle` when nothing is due.
async fn bot_idling(fake: FakeDiscord, dir: &Path, idle: Duration) -> TestBot {
    let mut feeds = state::local_feeds(DeliveryOptions::default());
    if let Some(service) = feeds.service.as_mut() {
        service.idle = idle;
    }
    TestBot::start(Options {
        fake: Some(Arc::new(fake)),
        data_dir: Some(dir.to_path_buf()),
        feeds: Some(feeds),
        ..Options::default()
    })
    .await
}

/// Follow the feed, let the first poll read what is there, then publish Rutte's new
/// statement and wait until its post is queued.
async fn rutte_speaks(store: &Store, server: &FeedServer) {
    let feed = state::follow_feed(store, &server.url, whosaid::store::now());
    rutte_speaks_in(store, server, feed).await;
}

/// The same with the feed `feed` already followed.
async fn rutte_speaks_in(store: &Store, server: &FeedServer, feed: i64) {
    wait::until("the first poll", WITHIN, || {
        store.item_count(feed).unwrap_or(0) >= 1
    })
    .await;
    server.set(&[
        ("a0", "Rutte speaks", RUTTE_OLD),
        ("a1", "Rutte again", RUTTE_NEW),
    ]);
    wait::until("Rutte's post to be queued", WITHIN, || {
        !store.outbox(None).unwrap_or_default().is_empty()
    })
    .await;
}

/// Message requests to `channel` (tried, whatever Discord answered).
fn tried_in(fake: &FakeDiscord, channel: u64) -> usize {
    let path = format!("/channels/{channel}/messages");
    fake.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(&path))
        .count()
}

/// The messages created in `channel`.
fn posted_in(fake: &FakeDiscord, channel: u64) -> Vec<String> {
    fake.posts()
        .iter()
        .filter(|p| p.channel_id == channel)
        .map(|p| p.content().to_string())
        .collect()
}

/// What `/subscriptions` shows a member.
async fn listed(bot: &mut TestBot) -> String {
    let token = bot.slash_as(3, MEMBER_PERMISSIONS, "subscriptions", &[]);
    let requests = bot.answer_to(&token).await;
    let callback = requests
        .iter()
        .find(|r| r.path.ends_with("/callback"))
        .and_then(|r| r.body.clone())
        .unwrap_or(Value::Null);
    callback["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Wait until the waiting post has gone out in the test channel, then check it went once,
/// the outbox holds it as sent, nothing is paused and the modlog had one notice (one case
/// in the audit log).
async fn goes_out_once(bot: &TestBot, store: &Store) {
    wait::until("the waiting post to go out", WITHIN, || {
        posted_in(&bot.fake, CHANNEL_ID).len() == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let posts = posted_in(&bot.fake, CHANNEL_ID);
    assert_eq!(posts.len(), 1, "{posts:#?}");
    assert!(posts[0].contains("allies must spend more on defence"));
    let sent = store.outbox(Some(OutboxStatus::Sent)).expect("outbox");
    assert_eq!(sent.len(), 1);
    assert!(store.channel_pauses(None).expect("pauses").is_empty());
    assert_eq!(
        posted_in(&bot.fake, OTHER_CHANNEL_ID).len(),
        1,
        "one notice"
    );
    let (cases, _) = store
        .cases(GUILD_ID, None, Some(whosaid::bot::pauses::ACTION), 1, 10)
        .expect("cases");
    assert_eq!(cases.len(), 1, "one case in /mod log: {cases:?}");
    bot.fake.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_the_bot_may_not_post_in_waits_until_a_channel_update_allows_it() {
    let server = FeedServer::start(&[("a0", "Rutte speaks", RUTTE_OLD)]).await;
    let dir = tempfile::tempdir().expect("dir");
    prepared(dir.path());
    let fake = FakeDiscord::start(TOKEN).await;
    fake.set_guild(fixtures::guild_create_denying(CHANNEL_ID, SEND_MESSAGES));
    // The delivery worker sleeps up to a minute when nothing is due (as a paused channel's
    // posts are not): the resume must wake it, not its next pass. (The feed is followed
    // first, so the poller, which sleeps as long, finds it due.)
    let feed = state::follow_feed(
        &Store::open_in(dir.path()).expect("store"),
        &server.url,
        whosaid::store::now(),
    );
    let mut bot = bot_idling(fake, dir.path(), Duration::from_secs(60)).await;
    let store = bot.store();
    wait::until("the channel to pause at GUILD_CREATE", WITHIN, || {
        store.channel_pauses(None).unwrap_or_default().len() == 1
    })
    .await;
    rutte_speaks_in(&store, &server, feed).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(tried_in(&bot.fake, CHANNEL_ID), 0, "no post into a 403");
    let pending = store.outbox(Some(OutboxStatus::Pending)).expect("outbox");
    assert_eq!(pending.len(), 1, "the post waits");

    let subs = store.subscriptions(Some(GUILD_ID)).expect("subs");
    let why = subs[0].channel_paused.clone().unwrap_or_default();
    assert!(why.contains("Send Messages"), "{subs:?}");
    let shown = listed(&mut bot).await;
    assert!(
        shown.contains("paused") && shown.contains("Send Messages"),
        "{shown}"
    );
    let notices = posted_in(&bot.fake, OTHER_CHANNEL_ID);
    assert_eq!(notices.len(), 1, "{notices:#?}");
    assert!(
        notices[0].contains("subscriptions paused") && notices[0].contains("Send Messages"),
        "{}",
        notices[0]
    );

    // A moderator removes the overwrite.
    bot.fake.push(
        "CHANNEL_UPDATE",
        fixtures::channel_update(CHANNEL_ID, "news"),
    );
    goes_out_once(&bot, &store).await;
    assert!(!listed(&mut bot).await.contains("paused"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_refused_with_403_waits_and_goes_out_once_the_permission_is_back() {
    let server = FeedServer::start(&[("a0", "Rutte speaks", RUTTE_OLD)]).await;
    let dir = tempfile::tempdir().expect("dir");
    prepared(dir.path());
    let bot = bot_on(FakeDiscord::start(TOKEN).await, dir.path()).await;
    let store = bot.store();
    // The cache says the bot may post; Discord says otherwise (a change not seen yet).
    bot.fake.fail_channel(CHANNEL_ID, 403);
    rutte_speaks(&store, &server).await;
    wait::until("the channel to pause on the 403", WITHIN, || {
        store.channel_pauses(None).unwrap_or_default().len() == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        tried_in(&bot.fake, CHANNEL_ID),
        1,
        "refused once, not again"
    );
    assert!(store
        .outbox(Some(OutboxStatus::Dropped))
        .expect("outbox")
        .is_empty());
    assert_eq!(
        store
            .outbox(Some(OutboxStatus::Pending))
            .expect("outbox")
            .len(),
        1
    );
    let subs = store.subscriptions(Some(GUILD_ID)).expect("subs");
    assert!(
        subs[0]
            .channel_paused
            .as_deref()
            .is_some_and(|why| why.contains("403")),
        "{subs:?}"
    );
    assert_eq!(
        posted_in(&bot.fake, OTHER_CHANNEL_ID).len(),
        1,
        "one notice"
    );

    // The permission is back; a role update makes the bot look again.
    bot.fake.heal_channel(CHANNEL_ID);
    bot.fake
        .push("GUILD_ROLE_UPDATE", fixtures::everyone_role_update());
    goes_out_once(&bot, &store).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribing_a_channel_the_bot_may_not_post_in_pauses_it_at_once() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.set_guild(fixtures::guild_create_denying(
        OTHER_CHANNEL_ID,
        SEND_MESSAGES,
    ));
    let mut bot = TestBot::start(Options {
        fake: Some(Arc::new(fake)),
        ..Options::default()
    })
    .await;
    let token = bot.slash_as(
        2,
        MANAGER_PERMISSIONS,
        "subscribe",
        &[
            Arg::Text("person", "Mark Rutte"),
            Arg::Channel("channel", OTHER_CHANNEL_ID, MANAGER_PERMISSIONS),
        ],
    );
    bot.answer_to(&token).await;
    let store = bot.store();
    wait::until("the new subscription's channel to pause", WITHIN, || {
        store
            .channel_pauses(None)
            .unwrap_or_default()
            .iter()
            .any(|p| p.channel_id == OTHER_CHANNEL_ID && p.reason.contains("Send Messages"))
    })
    .await;
    assert_eq!(store.subscriptions(None).expect("subs").len(), 1);
    bot.stop().await;
}

/// A mention in a channel where the bot may not send messages is left unanswered: no
/// request Discord would refuse with 403 (each counts toward the invalid-request limit);
/// the same question in a channel where it may, is answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_where_the_bot_may_not_send_is_left_unanswered() {
    let dir = tempfile::tempdir().expect("dir");
    let fake = FakeDiscord::start(TOKEN).await;
    fake.set_guild(fixtures::guild_create_denying(CHANNEL_ID, SEND_MESSAGES));
    let mut bot = bot_on(fake, dir.path()).await;
    let question = "<@1100000000000000001> When did Trump talk to Putin?";
    bot.message(1, question, true);
    let id = bot.next_id();
    let elsewhere = fixtures::in_guild(
        fixtures::message_create(id, 2, question, true),
        GUILD_ID,
        OTHER_CHANNEL_ID,
    );
    bot.fake.push("MESSAGE_CREATE", elsewhere);
    wait::until("the answer in the other channel", WITHIN, || {
        tried_in(&bot.fake, OTHER_CHANNEL_ID) == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        tried_in(&bot.fake, CHANNEL_ID),
        0,
        "nothing sent into a 403"
    );
    bot.stop().await;
}
