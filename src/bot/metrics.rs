//! What `serve` tells an operator's monitoring: counters and histograms recorded where
//! things happen, gauges read from the index and the state database when scraped, and the
//! gateway's state for `/readyz`. Served by [`super::monitor`].
//!
//! One [`Metrics`] per bot (not a process-wide registry), so each bot under test has its
//! own numbers. The metrics, by name:
//!
//! | metric | type | labels |
//! | --- | --- | --- |
//! | `whosaid_questions_total` | counter | `kind` (ask, said, whois), `outcome` (answered, nothing_found, refused, error) |
//! | `whosaid_answer_seconds` | histogram | time from a request to its pages (engine and layout) |
//! | `whosaid_update_posts_total` | counter | `result`: what Discord answered a post (sent, rate_limited, failed, forbidden, channel_gone, rejected); rate_limited and failed are retried |
//! | `whosaid_discord_responses_total` | counter | `route`, `status` (the HTTP status, 429 included, or `network`) |
//! | `whosaid_feed_fetches_total` | counter | `result` (updated, not_modified, failed, refused) |
//! | `whosaid_outbox_pending` | gauge | update posts waiting |
//! | `whosaid_outbox_oldest_pending_seconds` | gauge | age of the oldest waiting post (0: none) |
//! | `whosaid_index_documents` | gauge | documents in the index |
//! | `whosaid_gateway_shards_connected` | gauge | shards connected to the gateway |

use std::time::Duration;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::feeds::deliver::{PostError, PostOutcome};
use crate::feeds::PollOutcome;

type Labels = Vec<(&'static str, String)>;

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
    pub index_documents: Gauge,
    pub shards_connected: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("whosaid");
        let questions = Family::<Labels, Counter>::default();
        // 5 ms to about 20 s: a cached answer to a cold search on a large index.
        let answer_seconds = Histogram::new(exponential_buckets(0.005, 2.0, 13));
        let posts = Family::<Labels, Counter>::default();
        let responses = Family::<Labels, Counter>::default();
        let fetches = Family::<Labels, Counter>::default();
        let (outbox_pending, outbox_oldest_seconds, index_documents, shards_connected) = (
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
            Gauge::default(),
        );
        let r = &mut registry;
        r.register(
            "questions",
            "Questions answered, by kind and outcome",
            questions.clone(),
        );
        r.register(
            "answer_seconds",
            "Time from a request to its pages",
            answer_seconds.clone(),
        );
        r.register(
            "update_posts",
            "Update posts, by what Discord answered",
            posts.clone(),
        );
        r.register(
            "discord_responses",
            "Discord REST responses, by route and status",
            responses.clone(),
        );
        r.register("feed_fetches", "Feed polls, by result", fetches.clone());
        r.register(
            "outbox_pending",
            "Update posts waiting",
            outbox_pending.clone(),
        );
        r.register(
            "outbox_oldest_pending_seconds",
            "Age of the oldest waiting update post",
            outbox_oldest_seconds.clone(),
        );
        r.register(
            "index_documents",
            "Documents in the index",
            index_documents.clone(),
        );
        r.register(
            "gateway_shards_connected",
            "Shards connected to the gateway",
            shards_connected.clone(),
        );
        Metrics {
            registry,
            questions,
            answer_seconds,
            posts,
            responses,
            fetches,
            outbox_pending,
            outbox_oldest_seconds,
            index_documents,
            shards_connected,
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
        let status = status.map_or("network".to_string(), |s| s.to_string());
        let labels = vec![("route", route.to_string()), ("status", status)];
        self.responses.get_or_create(&labels).inc();
    }

    /// What Discord answered an update post.
    pub fn post(&self, result: &Result<PostOutcome, PostError>) {
        let result = match result {
            Ok(_) => "sent",
            Err(PostError::RateLimited(_)) => "rate_limited",
            Err(PostError::Transient(_)) => "failed",
            Err(PostError::Forbidden(_)) => "forbidden",
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

    /// The metrics in the Prometheus (OpenMetrics) text format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
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
        let text = m.encode().expect("encode");
        for line in [
            "whosaid_questions_total{kind=\"ask\",outcome=\"answered\"} 1",
            "whosaid_answer_seconds_count 1",
            "whosaid_discord_responses_total{route=\"update_post\",status=\"429\"} 1",
            "whosaid_update_posts_total{result=\"rate_limited\"} 1",
            "whosaid_outbox_pending 0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
    }
}
