//! Subscriptions end to end: the real bot against the fake Discord, with a news feed on
//! 127.0.0.1 that the test rewrites between polls. `/subscribe`, `/unsubscribe` and
//! `/subscriptions` answer privately and take Manage Channels; a followed person's new
//! statement is posted once, in the right channel; nobody else's is; the first poll posts
//! nothing; a role subscription pings that role only; a burst over a channel's hourly
//! limit waits and is posted later; a deleted channel's subscriptions pause.

use std::time::Duration;

use serde_json::{json, Value};
use whosaid::bot::feeds::FeedSettings;
use whosaid::feeds::deliver::DeliveryOptions;
use whosaid::store::{OutboxStatus, Store};

use crate::support;
use crate::support::app::{Options, TestBot};
use crate::support::fake_discord::fixtures::{
    Arg, CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, OTHER_CHANNEL_ID, ROLE_ID,
};
use crate::support::feed_server::{FeedServer, RUTTE_OLD};
use crate::support::state;
use crate::support::wait;

const STARMER: &str = "Keir Starmer said on Tuesday that the talks were constructive.";
const ZELENSKY: &str = "Volodymyr Zelensky said on Thursday that Ukraine needed more air defence.";
const RUTTE_NEW: &str = "Mark Rutte said on Wednesday that allies must spend more on defence.";
const STARMER_NEW: &str = "Keir Starmer said on Friday that the talks would resume in March.";

/// How long a test waits for a poll, a post or a change of state.
const WITHIN: Duration = Duration::from_secs(20);

/// The immediate reply to interaction `token`: its text (content and embed descriptions)
/// and whether only the member sees it.
async fn reply(bot: &TestBot, token: &str) -> (String, bool) {
    let requests = bot.answer_to(token).await;
    let callback = requests
        .iter()
        .find(|r| r.path.ends_with("/callback"))
        .and_then(|r| r.body.clone())
        .unwrap_or(Value::Null);
    let data = &callback["data"];
    let mut text = data["content"].as_str().unwrap_or_default().to_string();
    for e in data["embeds"].as_array().into_iter().flatten() {
        text.push_str(e["description"].as_str().unwrap_or_default());
    }
    let ephemeral = data["flags"].as_u64().is_some_and(|f| f & 64 != 0);
    (text, ephemeral)
}

/// The bot polling feeds on 127.0.0.1 and posting at most `per_channel_per_hour`, where a
/// member who may manage channels has subscribed this channel to Mark Rutte.
async fn following_rutte(per_channel_per_hour: u32) -> TestBot {
    let mut bot = TestBot::start(Options {
        feeds: Some(state::local_feeds(DeliveryOptions {
            per_channel_per_hour,
            ..DeliveryOptions::default()
        })),
        ..Options::default()
    })
    .await;
    let t = bot.slash_as(
        2,
        MANAGER_PERMISSIONS,
        "subscribe",
        &[Arg::Text("person", "Mark Rutte")],
    );
    assert!(reply(&bot, &t).await.0.starts_with("Subscribed"));
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscription_commands_take_manage_channels_and_answer_privately() {
    let mut bot = TestBot::start(Options {
        feeds: Some(FeedSettings {
            service: None,
            ..state::local_feeds(DeliveryOptions::default())
        }),
        ..Options::default()
    })
    .await;
    let store = bot.store();
    let person = Arg::Text("person", "Mark Rutte");

    let t = bot.slash_as(1, MEMBER_PERMISSIONS, "subscribe", &[person]);
    let (text, private) = reply(&bot, &t).await;
    assert!(private && text.contains("manage channels"), "{text}");
    assert!(store.subscriptions(None).expect("subs").is_empty());

    for (options, why) in [
        (vec![], "exactly one"),
        (vec![person, Arg::Text("topic", "nato")], "exactly one"),
        (vec![person, Arg::Role("role", GUILD_ID)], "@everyone"),
        (
            vec![
                person,
                Arg::Channel("channel", OTHER_CHANNEL_ID, MEMBER_PERMISSIONS),
            ],
            "may not manage",
        ),
        (vec![Arg::Text("feed", "http://10.0.0.1/rss")], "private"),
        (
            vec![Arg::Text("person", "<@&123>")],
            "does not look like a name",
        ),
    ] {
        let t = bot.slash_as(2, MANAGER_PERMISSIONS, "subscribe", &options);
        let (text, private) = reply(&bot, &t).await;
        assert!(private && text.contains(why), "{options:?}: {text}");
    }
    // Where the bot may not send messages, it says so rather than subscribe.
    let token = bot.interaction(|id, token| {
        let mut muted = support::fake_discord::fixtures::slash_command_as(
            id,
            token,
            2,
            MANAGER_PERMISSIONS,
            "subscribe",
            &[person],
        );
        muted["app_permissions"] = json!(((1u64 << 10) | (1 << 16)).to_string());
        muted
    });
    let (text, private) = reply(&bot, &token).await;
    assert!(private && text.contains("may not send messages"), "{text}");
    assert!(store.subscriptions(None).expect("subs").is_empty());

    let t = bot.slash_as(2, MANAGER_PERMISSIONS, "subscribe", &[person]);
    let (text, private) = reply(&bot, &t).await;
    assert!(private && text.starts_with("Subscribed"), "{text}");
    assert!(
        text.contains(&format!("<#{CHANNEL_ID}>")),
        "here by default: {text}"
    );
    let t = bot.slash_as(2, MANAGER_PERMISSIONS, "subscribe", &[person]);
    assert!(reply(&bot, &t).await.0.contains("Already"), "twice");
    let feed_url = "http://127.0.0.1:9/feed";
    let t = bot.slash_as(
        2,
        MANAGER_PERMISSIONS,
        "subscribe",
        &[
            Arg::Text("feed", feed_url),
            Arg::Channel("channel", OTHER_CHANNEL_ID, MANAGER_PERMISSIONS),
            Arg::Role("role", ROLE_ID),
        ],
    );
    let (text, _) = reply(&bot, &t).await;
    assert!(text.contains(&format!("<#{OTHER_CHANNEL_ID}>")), "{text}");
    assert!(text.contains(&format!("<@&{ROLE_ID}>")), "{text}");
    let subs = store.subscriptions(Some(GUILD_ID)).expect("subs");
    assert_eq!(subs.len(), 2);
    assert_eq!(
        (subs[1].channel_id, subs[1].mention_role_id),
        (OTHER_CHANNEL_ID, Some(ROLE_ID))
    );
    assert_eq!(
        store.feeds().expect("feeds").len(),
        1,
        "following a feed adds it"
    );

    // Anyone may look; only the member sees it.
    let t = bot.slash_as(3, MEMBER_PERMISSIONS, "subscriptions", &[]);
    let (text, private) = reply(&bot, &t).await;
    assert!(private, "{text}");
    assert!(
        text.contains("Mark Rutte") && text.contains(feed_url),
        "{text}"
    );

    let id = subs[0].id;
    let t = bot.slash_as(
        3,
        MEMBER_PERMISSIONS,
        "unsubscribe",
        &[Arg::Integer("id", id)],
    );
    assert!(reply(&bot, &t).await.0.contains("manage channels"));
    let t = bot.slash_as(
        2,
        MANAGER_PERMISSIONS,
        "unsubscribe",
        &[Arg::Integer("id", 999)],
    );
    assert!(reply(&bot, &t).await.0.contains("no subscription 999"));
    let t = bot.slash_as(
        2,
        MANAGER_PERMISSIONS,
        "unsubscribe",
        &[Arg::Integer("id", id)],
    );
    let (text, private) = reply(&bot, &t).await;
    assert!(private && text.starts_with("Unsubscribed"), "{text}");
    assert_eq!(store.subscriptions(None).expect("subs").len(), 1);

    // A server may hold 50 subscriptions.
    for i in 0..49 {
        store
            .subscribe(
                &whosaid::store::NewSubscription {
                    guild_id: GUILD_ID,
                    channel_id: CHANNEL_ID,
                    kind: whosaid::store::SubKind::Topic,
                    value: format!("topic {i} {}", "sanctions ".repeat(12)),
                    mention_role_id: None,
                    created_by: None,
                },
                0,
            )
            .expect("sub");
    }
    let t = bot.slash_as(2, MANAGER_PERMISSIONS, "subscribe", &[person]);
    let (text, _) = reply(&bot, &t).await;
    assert!(text.contains("already has 50"), "{text}");
    // A long list comes in pages, all private.
    let t = bot.slash_as(3, MEMBER_PERMISSIONS, "subscriptions", &[]);
    let followup_path = format!("/{t}");
    let callback_path = format!("/{t}/callback");
    let requests = bot
        .fake
        .wait_for("every page", Duration::from_secs(20), |rs| {
            let pages = rs
                .iter()
                .find(|r| r.path.ends_with(&callback_path))
                .and_then(|r| r.body.as_ref())
                .map(|b| support::app::pages_announced(&b["data"]))
                .unwrap_or(0);
            let sent = rs
                .iter()
                .filter(|r| r.method == "POST" && r.path.ends_with(&followup_path))
                .count();
            pages > 1 && sent + 1 >= pages
        })
        .await;
    let followups: Vec<_> = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with(&followup_path))
        .collect();
    assert!(!followups.is_empty(), "paged");
    assert!(followups.iter().all(|r| r
        .body
        .as_ref()
        .and_then(|b| b["flags"].as_u64())
        .is_some_and(|f| f & 64 != 0)));

    let fake = bot.stop().await;
    assert!(fake.posts().is_empty(), "no command posted in a channel");
    let registered = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .and_then(|r| r.body)
        .expect("registration");
    for name in ["subscribe", "unsubscribe"] {
        let def = registered
            .as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == name))
            .unwrap_or_else(|| panic!("{name} registered"));
        assert_eq!(
            def["default_member_permissions"],
            json!("16"),
            "{name} hidden from members without Manage Channels"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_persons_new_statement_is_posted_once_in_their_channel() {
    let server = FeedServer::start(&[
        ("a1", "Starmer speaks", STARMER),
        ("a0", "Rutte speaks", RUTTE_OLD),
    ])
    .await;
    let mut bot = following_rutte(20).await;
    let t = bot.slash_as(
        2,
        MANAGER_PERMISSIONS,
        "subscribe",
        &[
            Arg::Text("person", "Keir Starmer"),
            Arg::Channel("channel", OTHER_CHANNEL_ID, MANAGER_PERMISSIONS),
            Arg::Role("role", ROLE_ID),
        ],
    );
    assert!(reply(&bot, &t).await.0.starts_with("Subscribed"));
    // The operator follows the feed (`whosaid feeds add`).
    let store = bot.store();
    let feed = state::follow_feed(&store, &server.url, whosaid::store::now());
    let items = |n| store.item_count(feed).unwrap_or(0) >= n;
    wait::until("the first poll", WITHIN, || items(2)).await;

    // Someone else speaks: nothing to post.
    let mut served = vec![
        ("a1", "Starmer speaks", STARMER),
        ("a0", "Rutte speaks", RUTTE_OLD),
        ("a2", "Zelensky speaks", ZELENSKY),
    ];
    server.set(&served);
    wait::until("Zelensky's article", WITHIN, || items(3)).await;
    // Rutte speaks again: one post, in the channel that follows him.
    served.push(("a3", "Rutte again", RUTTE_NEW));
    server.set(&served);
    wait::until("Rutte's post", WITHIN, || !bot.fake.posts().is_empty()).await;
    // Starmer speaks again: one post in the other channel, pinging the role.
    served.push(("a4", "Starmer again", STARMER_NEW));
    server.set(&served);
    wait::until("Starmer's post", WITHIN, || bot.fake.posts().len() >= 2).await;
    // Two more polls of the same feed add nothing.
    wait::until("two more polls", WITHIN, || server.served_current() >= 3).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let posts = bot.fake.posts();
    assert_eq!(posts.len(), 2, "{posts:#?}");
    let rutte = &posts[0];
    assert_eq!(rutte.channel_id, CHANNEL_ID);
    assert!(
        rutte.content().starts_with("New from **Mark Rutte**"),
        "{}",
        rutte.content()
    );
    assert!(rutte
        .content()
        .contains("allies must spend more on defence"));
    assert!(
        !rutte.content().contains("stand firm"),
        "the first poll posts nothing"
    );
    assert!(
        !rutte.content().contains("air defence"),
        "Zelensky is not followed"
    );
    assert_eq!(
        rutte.body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": [], "replied_user": false})
    );
    assert_eq!(rutte.body["enforce_nonce"], json!(true));
    assert!(rutte
        .nonce()
        .is_some_and(|n| !n.is_empty() && n.len() <= 25));

    let starmer = &posts[1];
    assert_eq!(starmer.channel_id, OTHER_CHANNEL_ID);
    assert!(
        starmer
            .content()
            .starts_with(&format!("<@&{ROLE_ID}> New from **Keir Starmer**")),
        "{}",
        starmer.content()
    );
    assert!(starmer.content().contains("resume in March"));
    assert!(!starmer.content().contains("constructive"));
    assert_eq!(
        starmer.body["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": [ROLE_ID.to_string()], "replied_user": false}),
        "that role only"
    );
    assert_eq!(store.posted_count(None).expect("count"), 2);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_over_the_hourly_limit_waits_and_is_posted_later() {
    let server = FeedServer::start(&[("a0", "Rutte speaks", RUTTE_OLD)]).await;
    let bot = following_rutte(2).await;
    let store = bot.store();
    let feed = state::follow_feed(&store, &server.url, whosaid::store::now());
    wait::until("the first poll", WITHIN, || {
        store.item_count(feed).unwrap_or(0) >= 1
    })
    .await;
    let expected = server.publish_frigates(5);
    wait::until("the first two posts", WITHIN, || {
        bot.fake.posts().len() >= 2
    })
    .await;
    let held = || {
        store
            .outbox(Some(OutboxStatus::Pending))
            .map(|p| p.len() == 3 && p.iter().all(|r| r.next_attempt > whosaid::store::now()))
            .unwrap_or(false)
    };
    wait::until_or(
        "the rest to be held back",
        Duration::from_secs(10),
        held,
        || format!("; the outbox: {:#?}", store.outbox(None)),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.fake.posts().len(), 2, "two per hour");
    assert!(store
        .outbox(Some(OutboxStatus::Dropped))
        .expect("rows")
        .is_empty());

    state::an_hour_passes(bot.data_dir());
    wait::until("two more", WITHIN, || bot.fake.posts().len() >= 4).await;
    state::an_hour_passes(bot.data_dir());
    wait::until("the last", WITHIN, || bot.fake.posts().len() >= 5).await;
    bot.fake.assert_each_posted_once(&expected);
    assert!(bot.fake.posts().iter().all(|p| p.channel_id == CHANNEL_ID));
    bot.stop().await;
}

/// A channel deleted in Discord (CHANNEL_DELETE on the gateway): its subscriptions pause,
/// so nothing is queued or posted for it; other channels' go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_channels_subscriptions_are_paused() {
    let bot = following_rutte(20).await;
    let store = bot.store();
    state::subscribe_person(&store, GUILD_ID, OTHER_CHANNEL_ID, "Keir Starmer");
    // Every subscription of the server is kept, each with whether it is paused.
    let paused = |store: &Store| -> Vec<(u64, bool)> {
        let subs = store.subscriptions(Some(GUILD_ID)).expect("subscriptions");
        subs.iter().map(|s| (s.channel_id, s.paused)).collect()
    };
    assert_eq!(
        paused(&store),
        vec![(CHANNEL_ID, false), (OTHER_CHANNEL_ID, false)]
    );
    bot.fake.push(
        "CHANNEL_DELETE",
        support::fake_discord::fixtures::text_channel(CHANNEL_ID, "news"),
    );
    wait::until(
        "the deleted channel's subscription to pause",
        WITHIN,
        || paused(&store) == vec![(CHANNEL_ID, true), (OTHER_CHANNEL_ID, false)],
    )
    .await;
    assert!(
        bot.fake.violations().is_empty(),
        "{:?}",
        bot.fake.violations()
    );
    bot.stop().await;
}
