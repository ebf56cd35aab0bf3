//! Subscriptions and feeds written straight into a data directory's state database, as the
//! operator's commands would, for tests about delivery rather than about those commands.

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
