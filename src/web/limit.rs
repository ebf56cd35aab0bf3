//! The per-address request budget (governor): a burst, then a steady rate; past it a 429
//! page that says when to come back. Addresses idle for a while are forgotten, so the
//! table stays as small as the set of recent visitors.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::{Refusal, Site, WebOptions};

/// How often idle addresses are dropped from the table.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// Each address's budget.
pub struct Limiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl Limiter {
    pub fn new(options: &WebOptions) -> Self {
        let quota = Quota::per_minute(options.per_minute).allow_burst(options.burst);
        Limiter {
            limiter: RateLimiter::keyed(quota),
        }
    }
}

/// Refuse a request over its address's budget with 429 and `Retry-After`.
pub async fn per_address(
    State(site): State<Arc<Site>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    match site.limiter.limiter.check_key(&addr.ip()) {
        Ok(()) => next.run(req).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let secs = wait.as_secs().max(1);
            tracing::info!(ip = %addr.ip(), secs, "over the request budget");
            let refusal = Refusal {
                status: StatusCode::TOO_MANY_REQUESTS,
                title: "Too many requests",
                message: format!(
                    "This address asked for more pages than the explorer serves one visitor; try again in {secs} seconds."
                ),
            };
            let mut res = if req.uri().path().starts_with("/api/") {
                refusal.json()
            } else {
                refusal.page(&site)
            };
            res.headers_mut().insert(header::RETRY_AFTER, secs.into());
            res.into_response()
        }
    }
}

/// Drop idle addresses every [`FORGET_EVERY`] until aborted.
pub fn forget_idle(site: Arc<Site>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FORGET_EVERY);
        loop {
            tick.tick().await;
            site.limiter.limiter.retain_recent();
        }
    })
}
