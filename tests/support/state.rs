//! Subscriptions and feeds written straight into a data directory's state database, as the
//! operator's commands would, for tests about delivery rather than about those commands.

use std::path::Path;
use std::time::Duration;

use whosaid::bot::feeds::FeedSettings;
use whosaid::feeds::deliver::DeliveryOptions;
use whosaid::feeds::{service, AllowHosts};
use whosaid::store::{NewFeed, NewSubscription, Store, SubKind};

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
