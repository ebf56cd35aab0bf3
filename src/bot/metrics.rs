//! What `serve` tells an operator's monitoring: counters and histograms recorded where
//! things happen, gauges read from the index, the state database and the shards when
//! scraped. Served by [`super::monitor`].
//!
//! One [`Metrics`] per bot (not a process-wide registry), so each bot under test has its
//! own numbers. The metrics, by name:
//!
//! | metric | type | labels |
//! | --- | --- | --- |
//! | `whosaid_questions_total` | counter | `kind` (ask, said, whois), `outcome` (answered: statements quoted; nothing_found: none; refused: the question was unusable; error: ours) |
//! | `whosaid_answer_seconds` | histogram | time from a request to its pages (engine and layout) |
//! | `whosaid_update_posts_total` | counter | `result`: what Discord answered a post (sent, rate_limited, failed, paused: a 403, channel_gone, rejected); rate_limited and failed are retried, paused waits for its channel to be resumed |
//! | `whosaid_discord_responses_total` | counter | `route` (defer; respond: an immediate private answer; followup: the deferred answer's edit, its other pages, or its deletion; reply: to a mention; update_post), `status` (the HTTP status, 429 included; `2xx` when serenity took it without saying which; `network`: no answer) |
//! | `whosaid_discord_invalid_requests` | gauge | 401, 403 and 429 answers in the last 10 minutes (Discord bans an IP at 10,000) |
//! | `whosaid_feed_fetches_total` | counter | `result` (updated, not_modified, failed, refused) |
//! | `whosaid_outbox_pending` | gauge | update posts waiting |
//! | `whosaid_outbox_oldest_pending_seconds` | gauge | age of the oldest waiting post (0: none) |
//! | `whosaid_outbox_paused` | gauge | update posts waiting in channels the bot may not post in |
//! | `whosaid_index_documents` | gauge | documents in the index |
//! | `whosaid_index_last_commit_age_seconds` | gauge | time since the index last committed |
//! | `whosaid_gateway_sessions_total` | counter | `kind`: identify (a new session: the first, or after one was lost) or resume (a reconnect that kept its session) |
//! | `whosaid_gateway_shards_connected` | gauge | shards connected to the gateway |
//! | `whosaid_gateway_latency_seconds` | gauge | the slowest shard's last heartbeat round trip |

use std::collections::VecDeque;
use std::sync::atomic::AtomicU64;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Metric, Registry};

use crate::feeds::deliver::{PostError, PostOutcome};
use crate::feeds::PollOutcome;

type Labels = Vec<(&'static str, String)>;

/// The window of Discord's limit on invalid requests.
const INVALID_WINDOW: Duration = Duration::from_secs(600);

/// The bot's metrics and their registry.
pub struct Metrics {
    registry: Registry,
    questions: Family<Labels, Counter>,
    answer_seconds: Histogram,
    posts: Family<Labels, Counter>,
    responses: Family<Labels, Counter>,
    fetches: Family<Labels, Counter>,
    /// Set from the state database, the index and the shards at each scrape.
    pub outbox_pending: Gauge,
    pub outbox_oldest_seconds: Gauge,
    pub outbox_paused: Gauge,
    pub index_documents: Gauge,
    pub index_commit_age_seconds: Gauge,
    sessions: Family<Labels, Counter>,
    pub shards_connected: Gauge,
    pub gateway_latency_seconds: Gauge<f64, AtomicU64>,
    invalid_requests: Gauge,
    /// When each 401, 403 and 429 of the last [`INVALID_WINDOW`] came.
    invalid_at: Mutex<VecDeque<Instant>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("whosaid");
        let r = &mut registry;
        Metrics {
            questions: registered(
                r,
                "questions",
                "Questions answered, by kind and outcome",
                Family::default(),
            ),
            // 5 ms to about 20 s: a cached answer to a cold search on a large index.
            answer_seconds: registered(
                r,
                "answer_seconds",
                "Time from a request to its pages",
                Histogram::new(exponential_buckets(0.005, 2.0, 13)),
            ),
            posts: registered(
                r,
                "update_posts",
                "Update posts, by what Discord answered",
                Family::default(),
            ),
            responses: registered(
                r,
                "discord_responses",
                "Discord REST responses, by route and status",
                Family::default(),
            ),
            invalid_requests: registered(
                r,
                "discord_invalid_requests",
                "Discord answers 401, 403 and 429 in the last 10 minutes",
                Gauge::default(),
            ),
            fetches: registered(
                r,
                "feed_fetches",
                "Feed polls, by result",
                Family::default(),
            ),
            outbox_pending: registered(
                r,
                "outbox_pending",
                "Update posts waiting",
                Gauge::default(),
            ),
            outbox_oldest_seconds: registered(
                r,
                "outbox_oldest_pending_seconds",
                "Age of the oldest waiting update post",
                Gauge::default(),
            ),
            outbox_paused: registered(
                r,
                "outbox_paused",
                "Update posts waiting in channels the bot may not post in",
                Gauge::default(),
            ),
            index_documents: registered(
                r,
                "index_documents",
                "Documents in the index",
                Gauge::default(),
            ),
            index_commit_age_seconds: registered(
                r,
                "index_last_commit_age_seconds",
                "Time since the index last committed",
                Gauge::default(),
            ),
            sessions: registered(
                r,
                "gateway_sessions",
                "Gateway sessions started (identify) or resumed",
                Family::default(),
            ),
            shards_connected: registered(
                r,
                "gateway_shards_connected",
                "Shards connected to the gateway",
                Gauge::default(),
            ),
            gateway_latency_seconds: registered(
                r,
                "gateway_latency_seconds",
                "The slowest shard's last heartbeat round trip",
                Gauge::default(),
            ),
            invalid_at: Mutex::new(VecDeque::new()),
            registry,
        }
    }

    /// A question of `kind` answered with `outcome` in `took`.
    pub fn question(&self, kind: &'static str, outcome: &'static str, took: Duration) {
        let labels = vec![("kind", kind.to_string()), ("outcome", outcome.to_string())];
        self.questions.get_or_create(&labels).inc();
        self.answer_seconds.observe(took.as_secs_f64());
    }

    /// Discord's answer (`status`, or `None`: no answer) to a request on `route`.
    pub fn response(&self, route: &'static str, status: Option<u16>) {
        if matches!(status, Some(401 | 403 | 429)) {
            let mut at = self.invalid_at.lock().unwrap_or_else(|p| p.into_inner());
            at.push_back(Instant::now());
        }
        let status = status.map_or("network".to_string(), |s| s.to_string());
        let labels = vec![("route", route.to_string()), ("status", status)];
        self.responses.get_or_create(&labels).inc();
    }

    /// What Discord answered a request serenity made on `route` (serenity does not say
    /// which 2xx).
    pub fn observe<T>(&self, route: &'static str, result: &serenity::Result<T>) {
        match result {
            Ok(_) => {
                let labels = vec![("route", route.to_string()), ("status", "2xx".to_string())];
                self.responses.get_or_create(&labels).inc();
            }
            Err(serenity::Error::Http(e)) => {
                self.response(route, e.status_code().map(|s| s.as_u16()))
            }
            Err(_) => self.response(route, None),
        }
    }

    /// What Discord answered an update post.
    pub fn post(&self, result: &Result<PostOutcome, PostError>) {
        let result = match result {
            Ok(_) => "sent",
            Err(PostError::RateLimited(_)) => "rate_limited",
            Err(PostError::Transient(_)) => "failed",
            // The post is not dropped: its channel is paused until the permission is back.
            Err(PostError::Forbidden(_)) => "paused",
            Err(PostError::ChannelGone(_)) => "channel_gone",
            Err(PostError::Rejected(_)) => "rejected",
        };
        self.posts
            .get_or_create(&vec![("result", result.to_string())])
            .inc();
    }

    /// A feed polled.
    pub fn fetch(&self, outcome: &PollOutcome) {
        let result = match outcome {
            PollOutcome::Updated { .. } => "updated",
            PollOutcome::NotModified => "not_modified",
            PollOutcome::Failed { refused: true, .. } => "refused",
            PollOutcome::Failed { .. } => "failed",
        };
        self.fetches
            .get_or_create(&vec![("result", result.to_string())])
            .inc();
    }

    /// A gateway session started (READY: `identify`) or resumed (RESUMED: `resume`).
    pub fn session(&self, kind: &'static str) {
        self.sessions
            .get_or_create(&vec![("kind", kind.to_string())])
            .inc();
    }

    /// The metrics in the Prometheus (OpenMetrics) text format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        {
            let mut at = self.invalid_at.lock().unwrap_or_else(|p| p.into_inner());
            while at.front().is_some_and(|t| t.elapsed() > INVALID_WINDOW) {
                at.pop_front();
            }
            self.invalid_requests.set(at.len() as i64);
        }
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// `metric`, registered in `r` under `name`.
fn registered<M: Metric + Clone>(r: &mut Registry, name: &str, help: &str, metric: M) -> M {
    r.register(name, help, metric.clone());
    metric
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_carries_each_metric_with_its_labels() {
        let m = Metrics::new();
        m.question("ask", "answered", Duration::from_millis(30));
        m.response("update_post", Some(429));
        m.post(&Err(PostError::RateLimited(Duration::from_secs(1))));
        m.post(&Err(PostError::Forbidden("HTTP 403".into())));
        let text = m.encode().expect("encode");
        for line in [
            "whosaid_questions_total{kind=\"ask\",outcome=\"answered\"} 1",
            "whosaid_answer_seconds_count 1",
            "whosaid_discord_responses_total{route=\"update_post\",status=\"429\"} 1",
            "whosaid_update_posts_total{result=\"rate_limited\"} 1",
            "whosaid_update_posts_total{result=\"paused\"} 1",
            "whosaid_outbox_paused 0",
            "whosaid_outbox_pending 0",
            "whosaid_discord_invalid_requests 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
    }
}
