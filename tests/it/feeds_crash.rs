//! Crash safety of polling: `whosaid feeds poll --once` is killed (SIGKILL) at different
//! moments while it fetches, indexes and records real feeds served from 127.0.0.1; after
//! a final complete poll every item is recorded once and indexed once (no duplicate
//! documents), and a further poll finds nothing new. Skips when `../shared` is absent.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use axum::extract::Path as UrlPath;
use axum::routing::get;

use crate::support::cli::{self, output_text};
use crate::support::local::{fixture_feeds, serve};

const FEEDS: &[(&str, i64)] = &[
    ("guardian_us_rss2.xml", 55),
    ("japantimes_nodates_rss2.xml", 118),
    ("tpm_allnews_relative_atom.xml", 20),
    ("indianexpress_world_rss2.xml", 200),
];

fn run(data: &Path, args: &[&str]) -> String {
    output_text(&cli::run_allowing(data, args, "127.0.0.1"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_a_poll_at_any_moment_loses_and_duplicates_nothing() {
    let Some(dir) = fixture_feeds() else {
        return;
    };
    let served = dir.clone();
    let app = axum::Router::new().route(
        "/{name}",
        get(move |UrlPath(name): UrlPath<String>| {
            let path = served.join(&name);
            async move {
                match std::fs::read(path) {
                    Ok(bytes) => (axum::http::StatusCode::OK, bytes),
                    Err(_) => (axum::http::StatusCode::NOT_FOUND, Vec::new()),
                }
            }
        }),
    );
    let addr = serve(app).await;
    let tmp = tempfile::tempdir().expect("dir");
    let data = tmp.path().to_path_buf();

    tokio::task::spawn_blocking(move || {
        for (name, _) in FEEDS {
            let out = run(&data, &["feeds", "add", &format!("http://{addr}/{name}")]);
            assert!(out.contains("Following feed"), "{out}");
        }
        // Kill at moments spread over a poll's life: connecting, fetching, indexing,
        // committing, recording.
        for (trial, ms) in [40u64, 120, 250, 400, 600, 900, 1300].iter().enumerate() {
            let mut child = cli::in_dir(&data)
                .args(["feeds", "poll", "--once"])
                .env("WHOSAID_ALLOW_HOSTS", "127.0.0.1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            std::thread::sleep(Duration::from_millis(*ms));
            let _ = child.kill();
            let _ = child.wait();
            eprintln!("trial {trial}: killed after {ms} ms");
        }
        let out = run(&data, &["feeds", "poll", "--once"]);
        assert!(!out.contains("failed"), "{out}");
        let list = run(&data, &["feeds", "list", "--json"]);
        let feeds: serde_json::Value = serde_json::from_str(&list).expect("json");
        assert_eq!(feeds.as_array().map(Vec::len), Some(FEEDS.len()));
        let stats = run(&data, &["stats", "--json"]);
        let stats: serde_json::Value = serde_json::from_str(stats.trim()).expect("stats json");
        let expected: i64 = FEEDS.iter().map(|(_, n)| n).sum();
        assert_eq!(
            stats["documents"].as_i64(),
            Some(expected),
            "each item indexed once: {stats}"
        );
        let again = run(&data, &["feeds", "poll", "--once"]);
        assert_eq!(
            again.matches("0 new, 0 edited").count(),
            FEEDS.len(),
            "{again}"
        );
    })
    .await
    .expect("trials");
}
