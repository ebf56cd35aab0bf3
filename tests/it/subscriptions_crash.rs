//! Crash safety of update posts: `whosaid serve` (the binary) runs against the fake
//! Discord with a person subscription and a feed on 127.0.0.1; in each trial the feed
//! gains two articles in which that person speaks, the process is killed with SIGKILL at a
//! different moment after the poller fetched them (while it parses, indexes, records,
//! posts, or waits for Discord's answer to a post Discord already made), and is started
//! again. Every expected post must then be in the channel exactly once: the outbox and
//! the message nonce (`enforce_nonce`, honoured by the fake as Discord does) make the
//! retry after a crash a no-op.
//!
//! Even trials kill at a time after the fetch (from at once to past both posts); odd
//! trials kill while Discord holds the answer to a post it has made (the first or the
//! second), the one moment only the nonce can save, so each of those must show a repeat.
//!
//! 20 trials by default; `WHOSAID_CRASH_TRIALS` sets another number.

use std::path::Path;
use std::time::{Duration, Instant};

use whosaid::store::Store;

use crate::support::app::TOKEN;
use crate::support::cli;
use crate::support::fake_discord::fixtures::{CHANNEL_ID, GUILD_ID};
use crate::support::fake_discord::FakeDiscord;
use crate::support::feed_server::{frigates, FeedServer};
use crate::support::local;
use crate::support::state;
use crate::support::wait;

/// How long Discord takes to answer a message it has created: a kill in this window
/// leaves a post made but not recorded as sent.
const MESSAGE_DELAY_MS: u64 = 200;

fn serve(data: &Path, config: &Path, api: &str, log: &Path) -> tokio::process::Child {
    cli::serve_logged(data, config, api, log)
        .spawn()
        .expect("start whosaid serve")
}

/// Wait until `done` holds; at the deadline, fail with serve's last log lines.
async fn wait(what: &str, log: &Path, deadline: Duration, done: impl FnMut() -> bool) {
    wait::until_or(what, deadline, done, || {
        let log = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        format!(
            "; serve's last log lines (newest first):\n{}",
            tail.join("\n")
        )
    })
    .await;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_serve_at_any_moment_posts_every_statement_exactly_once() {
    let started = Instant::now();
    let fake = FakeDiscord::start(TOKEN).await;
    fake.delay_messages(MESSAGE_DELAY_MS);
    let (first, _) = frigates(0);
    let server = FeedServer::start(&[("a0", "Rutte speaks", first.as_str())]).await;
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    let config = tmp.path().join("whosaid.toml");
    let log = tmp.path().join("serve.log");
    std::fs::write(
        &config,
        format!(
            "[discord]\nguild_id = {GUILD_ID}\n[feeds]\npoll_interval_secs = 1\nallow_hosts = [\"127.0.0.1\"]\n[posts]\nper_channel_per_hour = 1000\n"
        ),
    )
    .expect("config");
    let store = Store::open_in(&data).expect("state database");
    state::subscribe_person(&store, GUILD_ID, CHANNEL_ID, "Mark Rutte");
    let feed = state::follow_feed(&store, &server.url, 0);

    let mut child = serve(&data, &config, &fake.base_url(), &log);
    wait("the first poll", &log, Duration::from_secs(60), || {
        store.feed(feed).map(|f| f.polled).unwrap_or(false)
    })
    .await;
    assert!(fake.posts().is_empty(), "the first poll posts nothing");

    let trials = local::env_count("WHOSAID_CRASH_TRIALS", 20);
    let mut expected = Vec::new();
    for trial in 0..trials {
        let [s1, s2] = server.publish_trial(trial);
        expected.extend([s1.clone(), s2.clone()]);
        let made = fake.posts().len();
        wait(
            "the new articles fetched",
            &log,
            Duration::from_secs(10),
            || server.served_current() >= 1,
        )
        .await;
        let moment = if trial % 2 == 0 {
            // From at once to past the second post's answer.
            let ms = (trial as u64 * 1000) / trials.max(1) as u64;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            format!("{ms} ms after the fetch")
        } else {
            // While Discord holds the answer to the trial's first or second post.
            let nth = 1 + (trial / 2) % 2;
            wait("a post", &log, Duration::from_secs(10), || {
                fake.posts().len() >= made + nth
            })
            .await;
            let ms = ((trial as u64 * 7) % 5) * 20;
            tokio::time::sleep(Duration::from_millis(ms)).await;
            format!("{ms} ms after Discord made post {nth}, before its answer")
        };
        child.start_kill().expect("SIGKILL");
        let _ = child.wait().await;
        let before = fake.posts().len() - made;
        child = serve(&data, &config, &fake.base_url(), &log);
        wait(
            &format!("trial {trial}'s posts"),
            &log,
            Duration::from_secs(20),
            || fake.has_posted_all(&[&s1, &s2]),
        )
        .await;
        eprintln!("trial {trial}: killed {moment}; {before} of 2 posts made before the kill");
    }
    // Let the last instance settle, then look: everything once, nothing else.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.start_kill().expect("SIGKILL");
    let _ = child.wait().await;
    fake.assert_each_posted_once(&expected);
    let posts = fake.posts();
    assert!(posts.iter().all(|p| p.channel_id == CHANNEL_ID));
    // Each kill between a post and its answer made the next instance send it again with
    // the same nonce, and the fake answered with the first message.
    let mut sends: std::collections::HashMap<String, usize> = Default::default();
    for r in fake.requests() {
        if r.method == "POST" && r.path.ends_with("/messages") {
            if let Some(nonce) = r
                .body
                .as_ref()
                .and_then(|b| b.get("nonce"))
                .and_then(|n| n.as_str())
            {
                *sends.entry(nonce.to_string()).or_default() += 1;
            }
        }
    }
    let repeated = sends.values().filter(|n| **n > 1).count();
    assert!(
        repeated >= trials / 2,
        "{repeated} posts were sent again after a kill; expected one per odd trial"
    );
    fake.assert_no_violations();
    fake.assert_nothing_pings();
    eprintln!(
        "{trials} trials, {} posts ({repeated} sent again, answered by their nonce), in {:.1} s",
        posts.len(),
        started.elapsed().as_secs_f64()
    );
}
