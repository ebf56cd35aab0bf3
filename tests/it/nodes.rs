//! Several `serve` nodes (the binary) on one PostgreSQL store, each running its own gateway
//! shard of two, a guild on each shard, with a person subscription and a feed on 127.0.0.1:
//! - a mention and an `/ask` in each guild are answered exactly once (by the node of the
//!   guild's shard: the other is never sent the event);
//! - the feed, due every second, is fetched about once a second by the two nodes together
//!   (its lease), not once a second by each;
//! - in each trial the feed gains two articles in which that person speaks and one node
//!   (each in turn) is killed with SIGKILL at a different moment after the fetch, then
//!   started again: every update post is in the channel exactly once (the outbox's
//!   leases, taken again at once by the restarted node, and the message nonce).
//!
//! Skipped, with a message, without `WHOSAID_TEST_POSTGRES_URL` (`.ci/run` sets it).
//! 10 trials by default; `WHOSAID_NODE_TRIALS` sets another number.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use whosaid::store::Store;

use crate::support::app::TOKEN;
use crate::support::cli;
use crate::support::fake_discord::fixtures::{
    self, CHANNEL_ID, GUILD_ID, SECOND_CHANNEL_ID, SECOND_GUILD_ID,
};
use crate::support::fake_discord::{replies_to, FakeDiscord, Recorded};
use crate::support::feed_server::{frigates, FeedServer};
use crate::support::postgres::Schema;
use crate::support::{local, state, wait};

/// How long Discord takes to answer a message it has created: a kill in this window
/// leaves a post made but not recorded as sent.
const MESSAGE_DELAY_MS: u64 = 200;

/// One `serve` node: its data directory, log and process.
struct Node {
    shard: u32,
    data: PathBuf,
    log: PathBuf,
    config: PathBuf,
    api: String,
    child: tokio::process::Child,
}

impl Node {
    fn start(dir: &Path, shard: u32, config: &Path, api: &str) -> Node {
        let data = dir.join(format!("node{shard}"));
        let log = dir.join(format!("node{shard}.log"));
        let child = Node::spawn(&data, &log, shard, config, api);
        Node {
            shard,
            data,
            log,
            config: config.to_path_buf(),
            api: api.to_string(),
            child,
        }
    }

    fn spawn(
        data: &Path,
        log: &Path,
        shard: u32,
        config: &Path,
        api: &str,
    ) -> tokio::process::Child {
        cli::serve_logged(data, config, api, log)
            .args(["--shards", &shard.to_string(), "--shard-count", "2"])
            .spawn()
            .expect("start whosaid serve")
    }

    async fn kill(&mut self) {
        self.child.start_kill().expect("SIGKILL");
        let _ = self.child.wait().await;
    }

    /// Start again on the same data directory (so under the same node name).
    fn restart(&mut self) {
        self.child = Node::spawn(&self.data, &self.log, self.shard, &self.config, &self.api);
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(25).collect();
        format!("node {} (newest first):\n{}", self.shard, tail.join("\n"))
    }
}

/// Wait until `done` holds; at the deadline, fail with both nodes' last log lines.
async fn wait(what: &str, nodes: &[Node], deadline: Duration, done: impl FnMut() -> bool) {
    wait::until_or(what, deadline, done, || {
        let tails: Vec<String> = nodes.iter().map(Node::log_tail).collect();
        format!("; last log lines:\n{}", tails.join("\n"))
    })
    .await;
}

/// Requests made for interaction `token` or in reply to message `id`.
fn answers(requests: &[Recorded], token: &str, id: u64) -> (usize, usize) {
    let callbacks = requests
        .iter()
        .filter(|r| r.path.ends_with(&format!("/{token}/callback")))
        .count();
    (callbacks, replies_to(requests, id))
}

/// A mention and an `/ask` in `guild`, each answered exactly once.
async fn asked_once(fake: &FakeDiscord, nodes: &[Node], guild: u64, channel: u64) {
    let question = "When did Trump talk to Putin?";
    let id = 1_700_000_000_000_000_000 + guild % 1000;
    let mention =
        fixtures::message_create(id, 2, &format!("<@1100000000000000001> {question}"), true);
    fake.push(
        "MESSAGE_CREATE",
        fixtures::in_guild(mention, guild, channel),
    );
    let token = format!("itoken-{id}");
    let ask = fixtures::slash_command(id + 1, &token, 3, "ask", &[("question", question)]);
    fake.push(
        "INTERACTION_CREATE",
        fixtures::in_guild(ask, guild, channel),
    );
    let what = format!("the mention and /ask in guild {guild} answered");
    wait(&what, nodes, Duration::from_secs(30), || {
        let (callbacks, replies) = answers(&fake.requests(), &token, id);
        callbacks >= 1 && replies >= 1
    })
    .await;
    // Give the other node time to answer too, were it (wrongly) sent the events.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        answers(&fake.requests(), &token, id),
        (1, 1),
        "answered once each"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_poll_a_feed_once_and_post_once_through_kills() {
    let Some(schema) = Schema::create("two_nodes").await else {
        return;
    };
    let started = Instant::now();
    let fake = Arc::new(FakeDiscord::start(TOKEN).await);
    fake.recommend_shards(2, 1);
    fake.add_guild(fixtures::in_guild(
        fixtures::guild_create(),
        SECOND_GUILD_ID,
        SECOND_CHANNEL_ID,
    ));
    let (first, _) = frigates(0);
    let server = FeedServer::start(&[("a0", "Rutte speaks", first.as_str())]).await;
    let tmp = tempfile::tempdir().expect("temp dir");
    let config = tmp.path().join("whosaid.toml");
    std::fs::write(
        &config,
        format!(
            "[discord]\nguild_id = {GUILD_ID}\n[store]\nurl = \"{}\"\n[feeds]\npoll_interval_secs = 1\nallow_hosts = [\"127.0.0.1\"]\n[posts]\nper_channel_per_hour = 1000\n",
            schema.url
        ),
    )
    .expect("config");
    let store = Store::open_postgres(&schema.url).expect("the PostgreSQL store");
    state::subscribe_person(&store, GUILD_ID, CHANNEL_ID, "Mark Rutte");
    let feed = state::follow_feed(&store, &server.url, 0);

    let mut nodes = vec![
        Node::start(tmp.path(), 0, &config, &fake.base_url()),
        Node::start(tmp.path(), 1, &config, &fake.base_url()),
    ];
    wait(
        "both shards to identify",
        &nodes,
        Duration::from_secs(60),
        || fake.identified().len() >= 2,
    )
    .await;
    wait("the first poll", &nodes, Duration::from_secs(30), || {
        store.feed(feed).map(|f| f.polled).unwrap_or(false)
    })
    .await;
    for (guild, channel) in [(GUILD_ID, CHANNEL_ID), (SECOND_GUILD_ID, SECOND_CHANNEL_ID)] {
        asked_once(&fake, &nodes, guild, channel).await;
    }
    fake.delay_messages(MESSAGE_DELAY_MS);

    // Both nodes poll; the feed is due every second: about one fetch a second in all.
    let (from, t0) = (server.served_total(), Instant::now());
    tokio::time::sleep(Duration::from_secs(8)).await;
    let (fetches, secs) = (server.served_total() - from, t0.elapsed().as_secs_f64());
    assert!(
        fetches >= 3 && (fetches as f64) <= secs + 2.0,
        "{fetches} fetches in {secs:.1} s by two nodes polling a feed due every second"
    );
    let answers_to_mentions = 2;
    assert_eq!(
        fake.posts().len(),
        answers_to_mentions,
        "the first article posts nothing"
    );

    let trials = local::env_count("WHOSAID_NODE_TRIALS", 10);
    let mut expected = Vec::new();
    for trial in 0..trials {
        let [s1, s2] = server.publish_trial(trial);
        expected.extend([s1.clone(), s2.clone()]);
        wait(
            "the new articles fetched",
            &nodes,
            Duration::from_secs(10),
            || server.served_current() >= 1,
        )
        .await;
        // From at once to past both posts' answers, each node in turn.
        let ms = (trial as u64 * 1200) / trials.max(1) as u64;
        tokio::time::sleep(Duration::from_millis(ms)).await;
        let victim = trial % 2;
        nodes[victim].kill().await;
        nodes[victim].restart();
        wait(
            &format!("trial {trial}'s posts"),
            &nodes,
            Duration::from_secs(30),
            || fake.has_posted_all(&[&s1, &s2]),
        )
        .await;
        eprintln!("trial {trial}: node {victim} killed {ms} ms after the fetch");
    }
    // Let the nodes settle, then look: everything once, nothing else.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for node in &mut nodes {
        node.kill().await;
    }
    // Each update post once; besides them only the two answers to the mentions.
    let posts = fake.posts();
    for said in &expected {
        let n = posts.iter().filter(|p| p.content().contains(said)).count();
        assert_eq!(n, 1, "{said:?} posted {n} times");
    }
    assert_eq!(
        posts.len(),
        expected.len() + answers_to_mentions,
        "no other message"
    );
    let elsewhere = posts.iter().filter(|p| p.channel_id != CHANNEL_ID).count();
    assert_eq!(
        elsewhere, 1,
        "the answer in the second guild's channel only"
    );
    let registrations = fake
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count();
    assert!(
        registrations >= 1,
        "the node of shard 0 registered the commands"
    );
    fake.assert_no_violations();
    fake.assert_nothing_pings();
    eprintln!(
        "{trials} trials, {} posts, {fetches} fetches in {secs:.1} s, in {:.1} s",
        fake.posts().len(),
        started.elapsed().as_secs_f64()
    );
}
