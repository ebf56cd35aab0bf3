//! `whosaid feeds …` as a user runs it, against a local HTTP server on 127.0.0.1: adding
//! (refused for loopback unless allowed), polling once, listing state and the reason a
//! feed was paused, removing.

use std::process::{Command, Output};

use axum::http::StatusCode;
use axum::routing::get;

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>
<link>https://news.example/</link>
<item><guid>a1</guid><title>One</title><link>https://news.example/1</link>
<description>The minister said the plan would go ahead.</description></item>
</channel></rss>"#;

fn whosaid(data: &std::path::Path, args: &[&str], allow: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_whosaid"));
    cmd.arg("--data-dir").arg(data).args(args);
    cmd.env_remove("WHOSAID_ALLOW_HOSTS")
        .env_remove("WHOSAID_CONFIG");
    if let Some(a) = allow {
        cmd.env("WHOSAID_ALLOW_HOSTS", a);
    }
    cmd.output().expect("run whosaid")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_poll_list_pause_and_remove_from_the_command_line() {
    let app = axum::Router::new()
        .route(
            "/feed.xml",
            get(|| async { ([("content-type", "application/rss+xml")], FEED) }),
        )
        .route(
            "/down.xml",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "oops") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_path_buf();
    let feed = format!("http://{addr}/feed.xml");
    let down = format!("http://{addr}/down.xml");

    let data2 = data.clone();
    let feed2 = feed.clone();
    let down2 = down.clone();
    tokio::task::spawn_blocking(move || {
        let (data, feed, down) = (data2, feed2, down2);
        let refused = whosaid(&data, &["feeds", "add", &feed], None);
        assert!(!refused.status.success());
        assert!(text(&refused).contains("loopback"), "{}", text(&refused));

        let allow = Some("127.0.0.1");
        assert!(whosaid(&data, &["feeds", "add", &feed], allow)
            .status
            .success());
        assert!(whosaid(&data, &["feeds", "add", &down], allow)
            .status
            .success());
        let dup = whosaid(&data, &["feeds", "add", &feed], allow);
        assert!(text(&dup).contains("already followed"), "{}", text(&dup));

        let poll = whosaid(&data, &["feeds", "poll", "--once"], allow);
        let out = text(&poll);
        assert!(out.contains("1 new") && out.contains("first poll"), "{out}");
        assert!(out.contains("HTTP 500"), "{out}");
        for _ in 0..4 {
            whosaid(&data, &["feeds", "poll", "--once"], allow);
        }
        let list = text(&whosaid(&data, &["feeds", "list"], None));
        assert!(list.contains("Local News; 1 items"), "{list}");
        assert!(
            list.contains("PAUSED: 5 failures in a row; last: HTTP 500"),
            "{list}"
        );

        let removed = whosaid(&data, &["feeds", "remove", &down], None);
        assert!(removed.status.success(), "{}", text(&removed));
        let list = text(&whosaid(&data, &["feeds", "list", "--json"], None));
        assert!(
            list.contains("feed.xml") && !list.contains("down.xml"),
            "{list}"
        );
    })
    .await
    .expect("cli steps");
}

/// `[feeds] allow_hosts` and `poll_interval_secs` of the configuration file apply to the
/// CLI: loopback is allowed only with them, and a new feed takes the configured interval.
#[test]
fn the_configuration_file_allows_hosts_and_sets_the_interval() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let config = dir.path().join("whosaid.toml");
    std::fs::write(
        &config,
        "[feeds]\npoll_interval_secs = 7\nallow_hosts = [\"127.0.0.1\"]\n",
    )
    .expect("config");
    let url = "http://127.0.0.1:9/feed.xml";
    let refused = whosaid(&data, &["feeds", "add", url], None);
    assert!(!refused.status.success(), "{}", text(&refused));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_whosaid"));
    cmd.arg("--data-dir")
        .arg(&data)
        .args(["feeds", "--config"])
        .arg(&config)
        .args(["add", url])
        .env_remove("WHOSAID_ALLOW_HOSTS")
        .env_remove("WHOSAID_CONFIG");
    let added = cmd.output().expect("run whosaid");
    assert!(added.status.success(), "{}", text(&added));
    let list = whosaid(&data, &["feeds", "list", "--json"], None);
    let feeds: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(feeds[0]["poll_interval_secs"], 7, "{feeds}");
}
