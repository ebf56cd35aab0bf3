//! The feed side of the bot: the state database the subscription commands use, and, in
//! `serve`, the feed poller and the update-post delivery worker
//! ([`crate::feeds::service`]) posting through [`super::poster::DiscordPoster`].
//!
//! The store is opened once per process, in the engine's data directory, and shared by the
//! commands and the background tasks. The tasks stop when the bot shuts down; the bot then
//! waits for them (a poll in progress records its transaction, a post in flight is marked).
//! Calls `config`, `engine`, `feeds` and `store`.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::Http;
use tokio::sync::watch;

use crate::config::Config;
use crate::engine::Engine;
use crate::feeds::deliver::DeliveryOptions;
use crate::feeds::service::{self, Tasks};
use crate::feeds::{AllowHosts, FetchOptions, Fetcher, PollOptions};
use crate::store::{Store, StoreError};

use super::metrics::Metrics;
use super::poster::DiscordPoster;

/// What the bot needs to take subscriptions and, when `service` is set, to poll and post.
#[derive(Clone, Debug)]
pub struct FeedSettings {
    /// Hosts a `feed:` subscription may name although private or loopback.
    pub allow_hosts: AllowHosts,
    /// The polling interval of a feed added by `/subscribe feed:`.
    pub poll_interval_secs: i64,
    /// Poll feeds and deliver update posts in this process (`serve`); `None`: only take
    /// subscriptions.
    pub service: Option<service::Settings>,
}

impl Default for FeedSettings {
    fn default() -> Self {
        FeedSettings {
            allow_hosts: AllowHosts::default(),
            poll_interval_secs: 300,
            service: None,
        }
    }
}

impl FeedSettings {
    /// `[feeds]` and `[posts]` of the configuration, with the poller and worker on.
    pub fn from_config(config: &Config) -> FeedSettings {
        let interval = config.feeds.poll_interval_secs.clamp(1, 86_400);
        FeedSettings {
            allow_hosts: AllowHosts::new(&config.feeds.allow_hosts),
            poll_interval_secs: interval as i64,
            service: Some(service::Settings {
                poll: PollOptions::default(),
                delivery: DeliveryOptions {
                    per_channel_per_hour: config.posts.per_channel_per_hour.max(1),
                    ..DeliveryOptions::default()
                },
                // Look again at least as often as a feed is polled.
                idle: Duration::from_secs(interval.min(30)),
                // The data directory's, once `Service::start` knows it.
                ..service::Settings::default()
            }),
        }
    }
}

/// The open state database and the subscription settings, shared by the commands.
pub struct Feeds {
    pub store: Arc<Store>,
    pub allow_hosts: AllowHosts,
    pub poll_interval_secs: i64,
    /// Wakes the update-post delivery worker (see [`crate::feeds::service::Settings`]).
    pub post_wake: Arc<tokio::sync::Notify>,
}

impl Feeds {
    /// Open the state database: PostgreSQL at `store_url` (`[store] url`) when given,
    /// otherwise SQLite in the engine's data directory.
    pub fn open(
        settings: &FeedSettings,
        store_url: Option<&str>,
        engine: &Engine,
    ) -> Result<Feeds, StoreError> {
        let store = Store::open_configured(store_url, engine.data_dir())?;
        tracing::info!(backend = store.backend_name(), "state store open");
        Ok(Feeds {
            store: Arc::new(store),
            allow_hosts: settings.allow_hosts.clone(),
            poll_interval_secs: settings.poll_interval_secs,
            post_wake: Arc::new(tokio::sync::Notify::new()),
        })
    }
}

/// The running background tasks and how to stop them.
pub struct Service {
    stop: Arc<watch::Sender<bool>>,
    tasks: Tasks,
}

impl Service {
    /// Start polling and delivering, when the settings ask for it.
    pub fn start(
        settings: &FeedSettings,
        feeds: &Feeds,
        engine: Arc<Engine>,
        http: Arc<Http>,
        metrics: Arc<Metrics>,
    ) -> Result<Option<Service>, String> {
        let Some(mut service) = settings.service.clone() else {
            return Ok(None);
        };
        service.node = crate::store::node_id(engine.data_dir());
        service.wake = feeds.post_wake.clone();
        let fetcher = Fetcher::new(FetchOptions {
            allow_hosts: settings.allow_hosts.clone(),
            ..FetchOptions::default()
        })
        .map_err(|e| format!("cannot build the feed fetcher: {e}"))?;
        let poster = DiscordPoster::new(http, metrics.clone())
            .map_err(|e| e.to_string())?
            .telling(feeds.store.clone());
        let (stop, stopped) = watch::channel(false);
        let tasks = service::spawn(
            feeds.store.clone(),
            engine,
            fetcher,
            Arc::new(poster),
            service,
            stopped,
            move |outcome| metrics.fetch(outcome),
        );
        tracing::info!("feed poller and update-post delivery started");
        Ok(Some(Service {
            stop: Arc::new(stop),
            tasks,
        }))
    }

    /// A handle that tells both tasks to stop (they finish the poll or post in hand).
    pub fn stopper(&self) -> Arc<watch::Sender<bool>> {
        self.stop.clone()
    }

    /// Stop and wait for both tasks, at most `max`.
    pub async fn stop(self, max: Duration) {
        let _ = self.stop.send(true);
        if tokio::time::timeout(max, self.tasks.join()).await.is_err() {
            tracing::warn!("the feed tasks did not stop in time");
        }
    }
}
