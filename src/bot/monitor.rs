//! The monitoring endpoints `serve` runs at `[metrics] listen`: `/metrics` (Prometheus
//! text), `/healthz` (the process answers) and `/readyz` (gateway connected, index open,
//! state database reachable; 503 with the reasons otherwise).
//!
//! axum, because the tests' fake Discord already builds it (nothing new to compile), on
//! a listener `serve` bound at start-up (so a taken port is a start-up error).
//! Calls `bot::metrics`, `engine` and `store`; reads serenity's shard manager.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serenity::all::{ConnectionStage, ShardManager};

use crate::engine::Engine;
use crate::store::{OutboxStatus, Store};

use super::metrics::Metrics;

/// What the endpoints read.
#[derive(Clone)]
pub struct Monitor {
    pub metrics: Arc<Metrics>,
    pub engine: Arc<Engine>,
    pub store: Arc<Store>,
    pub shards: Arc<ShardManager>,
}

/// OpenMetrics text, which Prometheus reads.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Serve the endpoints on `listener` until the task is aborted (an error is logged: the
/// bot goes on without them).
pub async fn serve(listener: std::net::TcpListener, monitor: Monitor) {
    if let Err(e) = serve_on(listener, monitor).await {
        tracing::error!(error = %e, "the metrics endpoint stopped");
    }
}

async fn serve_on(listener: std::net::TcpListener, monitor: Monitor) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let app = Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .with_state(monitor);
    axum::serve(listener, app).await
}

async fn metrics(State(m): State<Monitor>) -> Response {
    let (connected, _) = shards(&m.shards).await;
    m.metrics.shards_connected.set(connected as i64);
    let latency = m
        .shards
        .runners
        .lock()
        .await
        .values()
        .filter_map(|r| r.latency)
        .max();
    m.metrics
        .gateway_latency_seconds
        .set(latency.map_or(0.0, |l| l.as_secs_f64()));
    let refreshed = tokio::task::spawn_blocking(move || {
        refresh_gauges(&m);
        m.metrics.encode()
    })
    .await;
    match refreshed {
        Ok(Ok(text)) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The gauges read from the state database and the index; one that cannot be read keeps
/// its last value (`/readyz` says what is wrong).
fn refresh_gauges(m: &Monitor) {
    if let Ok(pending) = m.store.outbox(Some(OutboxStatus::Pending)) {
        let oldest = pending.iter().map(|p| p.created_at).min();
        let age = oldest.map_or(0, |at| (crate::store::now() - at).max(0));
        m.metrics.outbox_pending.set(pending.len() as i64);
        m.metrics.outbox_oldest_seconds.set(age);
    }
    if let Ok(paused) = m.store.paused_posts() {
        m.metrics.outbox_paused.set(paused);
    }
    if let Ok(stats) = m.engine.stats() {
        m.metrics.index_documents.set(stats.documents as i64);
    }
    if let Some(age) = commit_age(&m.engine) {
        m.metrics.index_commit_age_seconds.set(age.as_secs() as i64);
    }
}

/// How many of this process's shards are connected, of how many.
async fn shards(manager: &ShardManager) -> (usize, usize) {
    let runners = manager.runners.lock().await;
    let connected = runners
        .values()
        .filter(|r| r.stage == ConnectionStage::Connected)
        .count();
    (connected, runners.len())
}

/// How long ago the index last committed: tantivy rewrites `meta.json` at each commit.
fn commit_age(engine: &Engine) -> Option<std::time::Duration> {
    let meta = engine.data_dir().join("index").join("meta.json");
    let modified = std::fs::metadata(meta).and_then(|m| m.modified()).ok()?;
    modified.elapsed().ok()
}

async fn ready(State(m): State<Monitor>) -> Response {
    let gateway = shards(&m.shards).await;
    let checked = tokio::task::spawn_blocking(move || not_ready(&m, gateway)).await;
    match checked {
        Ok(reasons) if reasons.is_empty() => (StatusCode::OK, "ready\n").into_response(),
        Ok(reasons) => (StatusCode::SERVICE_UNAVAILABLE, reasons.join("\n") + "\n").into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Why the bot cannot serve now (empty: it can).
fn not_ready(m: &Monitor, (connected, shards): (usize, usize)) -> Vec<String> {
    let mut reasons = Vec::new();
    if shards == 0 || connected < shards {
        reasons.push(format!("gateway: {connected} of {shards} shards connected"));
    }
    if let Err(e) = m.engine.is_empty() {
        reasons.push(format!("index: {e}"));
    }
    if let Err(e) = m.store.schema_version() {
        reasons.push(format!("state database: {e}"));
    }
    reasons
}
