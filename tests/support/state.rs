//! Subscriptions and feeds written straight into a data directory's state database, as the
//! operator's commands would, for tests about delivery rather than about those commands;
//! and the bot such tests start from, following Mark Rutte.

use std::path::Path;
use std::time::Duration;

use whosaid::bot::feeds::FeedSettings;
use whosaid::feeds::deliver::DeliveryOptions;
use whosaid::feeds::{service, AllowHosts};
use whosaid::store::{NewFeed, NewSubscription, Store, SubKind};

use super::app::{Options, TestBot, DEADLINE};
use super::fake_discord::fixtures::{CHANNEL_ID, GUILD_ID};
use super::feed_server::{FeedServer, RUTTE_OLD};
use super::wait;

/// Subscribe a channel to everything `person` says.
pub fn subscribe_person(store: &Store, guild_id: u64, channel_id: u64, person: &str) {
    store
        .subscribe(
            &NewSubscription {
                guild_id,
                channel_id,
                kind: SubKind::Person,
                value: person.into(),
                mention_role_id: None,
                created_by: None,
            },
            0,
        )
        .expect("subscription");
}

/// Follow the feed at `url` (`whosaid feeds add`), polled every second from `now`; its id.
pub fn follow_feed(store: &Store, url: &str, now: i64) -> i64 {
    store
        .add_feed(
            NewFeed {
                url,
                poll_interval_secs: 1,
            },
            now,
        )
        .expect("feed")
        .id
}

/// A bot whose channel follows Mark Rutte, and the feed it polls.
pub struct FollowingRutte {
    pub bot: TestBot,
    pub server: FeedServer,
    /// The bot's state database.
    pub store: Store,
    /// The feed's id.
    pub feed: i64,
}

/// The bot of `options` whose channel follows Mark Rutte, with a feed polled every second
/// that has been read once (it holds [`RUTTE_OLD`]); failed posts are retried after 1 s,
/// 2 s, 4 s, and a channel may have 1000 posts an hour.
pub async fn following_rutte(options: Options) -> FollowingRutte {
    let server = FeedServer::start(&[("a0", "Rutte speaks", RUTTE_OLD)]).await;
    let bot = TestBot::start(Options {
        feeds: Some(local_feeds(DeliveryOptions {
            per_channel_per_hour: 1000,
            backoff_base_secs: 1,
            ..DeliveryOptions::default()
        })),
        ..options
    })
    .await;
    let store = bot.store();
    subscribe_person(&store, GUILD_ID, CHANNEL_ID, "Mark Rutte");
    let feed = follow_feed(&store, &server.url, whosaid::store::now());
    wait::until("the first poll", DEADLINE, || {
        store.item_count(feed).unwrap_or(0) >= 1
    })
    .await;
    FollowingRutte {
        bot,
        server,
        store,
        feed,
    }
}

/// An hour passes for the outbox of the state database in `data_dir`: what was sent was
/// sent an hour earlier, and what waits is due an hour earlier, so the next hour's posts go.
pub fn an_hour_passes(data_dir: &Path) {
    let db = rusqlite::Connection::open(data_dir.join("state.sqlite")).expect("db");
    db.busy_timeout(Duration::from_secs(5)).expect("timeout");
    db.execute_batch(
        "UPDATE outbox SET sent_at = sent_at - 3600 WHERE status = 'sent';
         UPDATE outbox SET next_attempt = next_attempt - 3600 WHERE status = 'pending';",
    )
    .expect("an hour later");
}

/// Feeds from 127.0.0.1 polled every second, delivery woken every second, with `delivery`'s
/// limits and retries.
pub fn local_feeds(delivery: DeliveryOptions) -> FeedSettings {
    FeedSettings {
        allow_hosts: AllowHosts::new(["127.0.0.1"]),
        poll_interval_secs: 1,
        service: Some(service::Settings {
            delivery,
            idle: Duration::from_secs(1),
            ..service::Settings::default()
        }),
    }
}
