//! Subscriptions as the bot's `/subscribe` (and any other front end) takes them:
//! `person: NAME`, `topic: QUERY` or `feed: URL`, parsed into a [`Target`] that can only be
//! valid, then stored. Following a feed that is not followed yet adds it.
//!
//! Calls `store`, `qa` (stop words) and the feed address rules in this module's parent.

use crate::store::{self, NewFeed, NewSubscription, Store, StoreError, SubKind, Subscription};

use super::{AllowHosts, FeedUrl};

/// The longest person name or topic query accepted.
pub const MAX_VALUE_CHARS: usize = 200;

/// What a subscription follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A person, by name: "Mark Rutte", "Rutte".
    Person(String),
    /// Statements whose content holds every word of the query.
    Topic(String),
    /// Every statement from articles of this feed.
    Feed(FeedUrl),
}

impl Target {
    /// Parse `person: NAME`, `topic: QUERY` or `feed: URL`.
    pub fn parse(raw: &str, allow: &AllowHosts) -> Result<Target, String> {
        let usage = "say what to follow as person: NAME, topic: WORDS or feed: URL";
        let (kind, value) = raw.split_once(':').ok_or_else(|| usage.to_string())?;
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let kind = kind.trim().to_lowercase();
        if kind != "feed" {
            if value.is_empty() {
                return Err(format!("{kind}: needs something after the colon; {usage}"));
            }
            if value.chars().count() > MAX_VALUE_CHARS {
                return Err(format!(
                    "that is too long: keep it under {MAX_VALUE_CHARS} characters"
                ));
            }
        }
        match kind.as_str() {
            "person" => {
                if !value.chars().any(char::is_alphabetic) || value.contains(['<', '@', '#']) {
                    return Err(format!("{value:?} does not look like a name"));
                }
                Ok(Target::Person(value))
            }
            "topic" => {
                let has_word = value
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| !w.is_empty() && !crate::qa::retrieve::is_stopword(&w.to_lowercase()));
                if !has_word {
                    return Err(format!("{value:?} has no word to look for"));
                }
                Ok(Target::Topic(value))
            }
            "feed" => Ok(Target::Feed(FeedUrl::parse(&value, allow)?)),
            _ => Err(format!("{kind:?} is not something to follow; {usage}")),
        }
    }

    pub fn kind(&self) -> SubKind {
        match self {
            Target::Person(_) => SubKind::Person,
            Target::Topic(_) => SubKind::Topic,
            Target::Feed(_) => SubKind::Feed,
        }
    }

    /// The value as stored and matched.
    pub fn value(&self) -> String {
        match self {
            Target::Person(v) | Target::Topic(v) => v.clone(),
            Target::Feed(u) => u.as_str().to_string(),
        }
    }
}

/// Who asks, where the posts go, and whom they mention.
#[derive(Clone, Debug)]
pub struct Request {
    pub guild_id: u64,
    pub channel_id: u64,
    pub mention_role_id: Option<u64>,
    pub created_by: Option<u64>,
}

/// Store a subscription; a feed target that is not followed yet is added, polled every
/// `poll_interval_secs` (its first poll indexes and posts nothing).
pub fn subscribe(
    store: &Store,
    target: &Target,
    req: &Request,
    poll_interval_secs: i64,
) -> Result<Subscription, StoreError> {
    let now = store::now();
    if let Target::Feed(url) = target {
        if store.feed_by_url(url.as_str())?.is_none() {
            store.add_feed(
                NewFeed {
                    url: url.as_str(),
                    poll_interval_secs,
                },
                now,
            )?;
        }
    }
    store.subscribe(
        &NewSubscription {
            guild_id: req.guild_id,
            channel_id: req.channel_id,
            kind: target.kind(),
            value: target.value(),
            mention_role_id: req.mention_role_id,
            created_by: req.created_by,
        },
        now,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_or_say_what_is_wrong() {
        let none = AllowHosts::default();
        assert_eq!(
            Target::parse("person:  Mark   Rutte ", &none),
            Ok(Target::Person("Mark Rutte".into()))
        );
        assert_eq!(
            Target::parse("Topic: Ukraine sanctions", &none),
            Ok(Target::Topic("Ukraine sanctions".into()))
        );
        assert!(matches!(
            Target::parse("feed: https://example.org/rss", &none),
            Ok(Target::Feed(_))
        ));
        for (bad, why) in [
            ("Mark Rutte", "person: NAME"),
            ("person:", "needs something"),
            ("person: <@&123>", "does not look like a name"),
            ("topic: the of", "no word"),
            ("feed: http://10.0.0.1/rss", "private"),
            ("feed: ftp://example.org/", "only http"),
            ("place: Kyiv", "not something to follow"),
        ] {
            let err = Target::parse(bad, &none).expect_err(bad);
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn following_a_new_feed_adds_it() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open_in(dir.path()).expect("store");
        let target =
            Target::parse("feed: https://example.org/rss", &AllowHosts::default()).expect("target");
        let req = Request {
            guild_id: 1,
            channel_id: 2,
            mention_role_id: Some(3),
            created_by: Some(4),
        };
        let sub = subscribe(&store, &target, &req, 300).expect("subscribed");
        assert_eq!(
            (sub.kind, sub.value.as_str()),
            (SubKind::Feed, "https://example.org/rss")
        );
        assert_eq!(store.feeds().expect("feeds").len(), 1);
        let other = Request {
            channel_id: 5,
            ..req
        };
        subscribe(&store, &target, &other, 300).expect("second channel");
        assert_eq!(
            store.feeds().expect("feeds").len(),
            1,
            "the feed is added once"
        );
        assert!(
            subscribe(&store, &target, &other, 300).is_err(),
            "same channel twice"
        );
    }
}
