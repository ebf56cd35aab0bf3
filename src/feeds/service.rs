//! The background side of feeds for `serve`: the polling loop and the delivery worker,
//! started together and stopped together on shutdown.
//!
//! ```ignore
//! let (stop, stopped) = tokio::sync::watch::channel(false);
//! let tasks = feeds::service::spawn(store, engine, fetcher, poster, settings, stopped);
//! // … on SIGTERM:
//! stop.send(true)?;
//! tasks.join().await;
//! ```
//!
//! Calls the poller and the delivery worker of this module's parent.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::engine::Engine;
use crate::store::Store;

use super::deliver::{self, DeliveryOptions, Poster};
use super::{Fetcher, PollOptions, Poller};

/// How the background tasks run.
#[derive(Clone, Debug)]
pub struct Settings {
    pub poll: PollOptions,
    pub delivery: DeliveryOptions,
    /// The longest either loop sleeps before looking again.
    pub idle: Duration,
    /// The name this node's leases carry: `serve` reads it from its data directory
    /// ([`crate::store::node_id`]), so when it starts again it takes again what it held.
    pub node: String,
    /// Wakes the delivery worker: the poller notifies it when it queues posts, the bot
    /// when a paused channel resumes (its waiting posts go out at once).
    pub wake: Arc<tokio::sync::Notify>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            poll: PollOptions::default(),
            delivery: DeliveryOptions::default(),
            idle: Duration::from_secs(30),
            node: crate::store::random_node_id(),
            wake: Arc::new(tokio::sync::Notify::new()),
        }
    }
}

/// The running tasks.
pub struct Tasks {
    pub poller: JoinHandle<()>,
    pub delivery: JoinHandle<()>,
}

impl Tasks {
    /// Wait for both to finish (after shutdown was signalled).
    pub async fn join(self) {
        let _ = self.poller.await;
        let _ = self.delivery.await;
    }
}

/// Start polling feeds and delivering update posts until `shutdown` turns true; each
/// poll's outcome is also told to `on_poll` (the bot's metrics).
pub fn spawn<P: Poster + 'static>(
    store: Arc<Store>,
    engine: Arc<Engine>,
    fetcher: Fetcher,
    poster: Arc<P>,
    settings: Settings,
    shutdown: watch::Receiver<bool>,
    on_poll: impl Fn(&super::PollOutcome) + Send + Sync + 'static,
) -> Tasks {
    let poller = Poller::new(store.clone(), engine, fetcher, settings.poll.clone())
        .with_node(&settings.node)
        .waking(settings.wake.clone());
    let wake = settings.wake.clone();
    let idle = settings.idle;
    let poll_shutdown = shutdown.clone();
    let poller = tokio::spawn(async move {
        let result = poller
            .run(idle, poll_shutdown, |feed, outcome| {
                tracing::info!(feed = feed.id, url = %feed.url, outcome = %outcome.describe(), "feed polled");
                on_poll(outcome);
            })
            .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "the feed poller stopped");
        }
    });
    let delivery = tokio::spawn(async move {
        let result = deliver::run(
            &store,
            poster.as_ref(),
            &settings.delivery,
            &settings.node,
            idle,
            &wake,
            shutdown,
        )
        .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "the update-post delivery worker stopped");
        }
    });
    Tasks { poller, delivery }
}
