//! `whosaid feeds …` as a user runs it, against a local HTTP server on 127.0.0.1: adding
//! (refused for loopback unless allowed), polling once, listing state and the reason a
//! feed was paused, removing.

use axum::http::StatusCode;
use axum::routing::get;

use crate::support::cli::{self, output_text};
use crate::support::local::serve;

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>
<link>https://news.example/</link>
<item><guid>a1</guid><title>One</title><link>https://news.example/1</link>
<description>The minister said the plan would go ahead.</description></item>
</channel></rss>"#;

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
    let addr = serve(app).await;
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_path_buf();
    let feed = format!("http://{addr}/feed.xml");
    let down = format!("http://{addr}/down.xml");

    let data2 = data.clone();
    let feed2 = feed.clone();
    let down2 = down.clone();
    tokio::task::spawn_blocking(move || {
        let (data, feed, down) = (data2, feed2, down2);
        let refused = cli::run(&data, &["feeds", "add", &feed]);
        assert!(!refused.status.success());
        assert!(
            output_text(&refused).contains("loopback"),
            "{}",
            output_text(&refused)
        );

        assert!(
            cli::run_allowing(&data, &["feeds", "add", &feed], "127.0.0.1")
                .status
                .success()
        );
        assert!(
            cli::run_allowing(&data, &["feeds", "add", &down], "127.0.0.1")
                .status
                .success()
        );
        let dup = cli::run_allowing(&data, &["feeds", "add", &feed], "127.0.0.1");
        assert!(
            output_text(&dup).contains("already followed"),
            "{}",
            output_text(&dup)
        );

        let poll = cli::run_allowing(&data, &["feeds", "poll", "--once"], "127.0.0.1");
        let out = output_text(&poll);
        assert!(out.contains("1 new") && out.contains("first poll"), "{out}");
        assert!(out.contains("HTTP 500"), "{out}");
        for _ in 0..4 {
            cli::run_allowing(&data, &["feeds", "poll", "--once"], "127.0.0.1");
        }
        let list = output_text(&cli::run(&data, &["feeds", "list"]));
        assert!(list.contains("Local News; 1 items"), "{list}");
        assert!(
            list.contains("PAUSED: 5 failures in a row; last: HTTP 500"),
            "{list}"
        );

        let removed = cli::run(&data, &["feeds", "remove", &down]);
        assert!(removed.status.success(), "{}", output_text(&removed));
        let list = output_text(&cli::run(&data, &["feeds", "list", "--json"]));
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
    let refused = cli::run(&data, &["feeds", "add", url]);
    assert!(!refused.status.success(), "{}", output_text(&refused));
    let added = cli::output(
        cli::in_dir(&data)
            .args(["feeds", "--config"])
            .arg(&config)
            .args(["add", url]),
    );
    assert!(added.status.success(), "{}", output_text(&added));
    let list = cli::run(&data, &["feeds", "list", "--json"]);
    let feeds: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(feeds[0]["poll_interval_secs"], 7, "{feeds}");
}

/// A feed as the web writes it: a bare `&`, an HTML entity, an item with nothing to read.
const SLOPPY: &str = r#"<rss version="2.0"><channel><title>AT&T News</title>
<item><guid>s1</guid><title>Caf&eacute; talk</title><link>https://news.example/s1</link>
<description>The mayor said Tom & Jerry would stay.</description></item>
<item><guid>s2</guid></item>
</channel></rss>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repairs_and_skipped_items_show_in_the_list() {
    let app = axum::Router::new().route(
        "/sloppy.xml",
        get(|| async { ([("content-type", "application/rss+xml")], SLOPPY) }),
    );
    let addr = serve(app).await;
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().to_path_buf();
    let feed = format!("http://{addr}/sloppy.xml");
    tokio::task::spawn_blocking(move || {
        let added = cli::run_allowing(&data, &["feeds", "add", &feed], "127.0.0.1");
        assert!(added.status.success(), "{}", output_text(&added));
        let poll = output_text(&cli::run_allowing(
            &data,
            &["feeds", "poll", "--once"],
            "127.0.0.1",
        ));
        assert!(poll.contains("1 new") && poll.contains("1 skipped"), "{poll}");
        assert!(
            poll.contains("repaired: 2 bare '&' escaped, 1 HTML references decoded"),
            "{poll}"
        );
        let list = output_text(&cli::run(&data, &["feeds", "list"]));
        assert!(list.contains("AT&T News; 1 items"), "{list}");
        assert!(
            list.contains(
                "ok (repaired: 2 bare '&' escaped, 1 HTML references decoded; 1 skipped: no title and no text)"
            ),
            "{list}"
        );
    })
    .await
    .expect("cli");
}
