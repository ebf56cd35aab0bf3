//! Running it for real (issue 18): the invite link, the configuration file an operator
//! starts from, and the numbers `serve` exposes.

use std::time::Duration;

use whosaid::bot::permissions;
use whosaid::feeds::deliver::DeliveryOptions;

use crate::support::app::{Options, TestBot, TOKEN};
use crate::support::cli::{self, stderr, stdout};
use crate::support::fake_discord::fixtures::{APP_ID, CHANNEL_ID, GUILD_ID};
use crate::support::fake_discord::{FakeDiscord, PostFault};
use crate::support::feed_server::{FeedServer, RUTTE_OLD};
use crate::support::metrics::{excerpt, get, scrape, try_get, value};
use crate::support::{state, wait};

const RUTTE_NEW: &str = "Mark Rutte said on Wednesday that allies must spend more on defence.";

/// How long a test waits for a poll, a post or a change of state.
const WITHIN: Duration = Duration::from_secs(20);

/// The permission bits of an invite link.
fn permission_bits(link: &str) -> u64 {
    let url = url::Url::parse(link.trim()).expect("a URL");
    let bits = url
        .query_pairs()
        .find(|(k, _)| k == "permissions")
        .map(|(_, v)| v.to_string())
        .expect("a permissions parameter");
    bits.parse().expect("a number")
}

#[test]
fn invite_with_a_client_id_carries_the_permission_bits_the_code_uses() {
    let o = cli::output(cli::command().args(["invite", "--client-id", "4242"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let link = stdout(&o);
    assert!(link.contains("client_id=4242"), "{link}");
    assert!(link.contains("scope=bot+applications.commands"), "{link}");
    assert_eq!(permission_bits(&link), permissions::needed().bits());
    let each = permissions::NEEDED
        .iter()
        .fold(0, |bits, (p, _)| bits | p.bits());
    assert_eq!(permission_bits(&link), each, "exactly the table's rows");
}

#[tokio::test]
async fn invite_without_a_client_id_asks_discord_with_the_token_and_never_prints_it() {
    let fake = FakeDiscord::start(TOKEN).await;
    let mut cmd = cli::command();
    cmd.args(["invite"])
        .env("DISCORD_TOKEN", TOKEN)
        .env("WHOSAID_DISCORD_API", fake.base_url())
        .env("NO_PROXY", "127.0.0.1,localhost");
    let o = tokio::task::spawn_blocking(move || cli::output(&mut cmd))
        .await
        .expect("invite ran");
    assert!(o.status.success(), "{}", stderr(&o));
    let link = stdout(&o);
    assert!(link.contains(&format!("client_id={APP_ID}")), "{link}");
    assert_eq!(permission_bits(&link), permissions::needed().bits());
    assert!(!link.contains(TOKEN) && !stderr(&o).contains(TOKEN));
}

#[test]
fn invite_without_a_client_id_or_a_token_says_what_to_pass() {
    let o = cli::output(cli::command().args(["invite"]));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("--client-id") && err.contains("DISCORD_TOKEN"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn config_init_writes_every_default_and_check_reads_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("whosaid.toml");
    let p = path.to_str().expect("utf-8 path");
    let o = cli::output(cli::command().args(["config", "init", p]));
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&path).expect("written");
    let loaded = whosaid::config::Config::load_with(Some(&path), |_| None).expect("loads");
    assert_eq!(
        format!("{loaded:?}"),
        format!("{:?}", whosaid::config::Config::default())
    );
    assert!(
        written.contains("# listen = \"127.0.0.1:9464\""),
        "{written}"
    );

    let again = cli::output(cli::command().args(["config", "init", p]));
    assert_eq!(again.status.code(), Some(1), "no overwrite without --force");
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    std::fs::write(&path, "[posts]\nper_channel_per_hour = 3\n").expect("edit");
    let forced = cli::output(cli::command().args(["config", "init", "--force", p]));
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), written);

    std::fs::write(
        &path,
        "[posts]\nper_channel_per_hour = 3\n[discord]\ntoken = \"sekrit-token\"\n",
    )
    .expect("edit");
    let o = cli::output(cli::command().args(["config", "check", p]));
    assert!(o.status.success(), "{}", stderr(&o));
    let settings = stdout(&o);
    assert!(settings.contains("per_channel_per_hour = 3"), "{settings}");
    assert!(settings.contains("token = \"********\""), "{settings}");
    assert!(!settings.contains("sekrit") && !stderr(&o).contains("sekrit"));
}

#[test]
fn config_check_names_the_bad_key_and_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("whosaid.toml");
    std::fs::write(
        &path,
        "[feeds]\npoll_interval_secs = 300\n[metrics]\nlisten = \"localhost\"\n",
    )
    .expect("write");
    let o = cli::output(
        cli::command()
            .args(["config", "check"])
            .env("WHOSAID_CONFIG", &path),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("listen") && err.contains("line 4"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_move_when_a_question_is_answered_and_a_post_is_sent() {
    let server = FeedServer::start(&[("a0", "Rutte speaks", RUTTE_OLD)]).await;
    let mut bot = TestBot::start(Options {
        feeds: Some(state::local_feeds(DeliveryOptions::default())),
        metrics: true,
        ..Options::default()
    })
    .await;
    let store = bot.store();
    state::subscribe_person(&store, GUILD_ID, CHANNEL_ID, "Mark Rutte");
    let feed = state::follow_feed(&store, &server.url, whosaid::store::now());
    let items = |n| store.item_count(feed).unwrap_or(0) >= n;
    wait::until("the first poll", WITHIN, || items(1)).await;
    // The poller counts the fetch once the poll returns, just after its items are stored.
    let started = std::time::Instant::now();
    let before = loop {
        let now = scrape(&bot).await;
        if value(&now, "whosaid_feed_fetches_total{result=\"updated\"}") >= 1.0
            || started.elapsed() > WITHIN
        {
            break now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(
        value(&before, "whosaid_index_documents") >= 25.0,
        "{before:?}"
    );
    assert!(value(&before, "whosaid_feed_fetches_total{result=\"updated\"}") >= 1.0);
    assert_eq!(value(&before, "whosaid_gateway_shards_connected"), 1.0);
    assert_eq!(
        value(&before, "whosaid_gateway_sessions_total{kind=\"identify\"}"),
        1.0
    );
    assert!(before.contains_key("whosaid_index_last_commit_age_seconds"));

    let token = bot.slash(
        1,
        "ask",
        &[("question", "What did the Kremlin say about the summit?")],
    );
    bot.answer_to(&token).await;
    // Discord turns the first attempt away (429); the worker posts it again.
    bot.fake
        .fail_next_posts(&[PostFault::RateLimited { retry_after: 0.5 }]);
    server.set(&[
        ("a0", "Rutte speaks", RUTTE_OLD),
        ("a1", "Rutte again", RUTTE_NEW),
    ]);
    wait::until("Rutte's post", WITHIN, || !bot.fake.posts().is_empty()).await;
    // The worker counts the post once Discord has answered it.
    let mut after = scrape(&bot).await;
    for _ in 0..50 {
        if value(&after, "whosaid_update_posts_total{result=\"sent\"}") >= 1.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        after = scrape(&bot).await;
    }
    let moved = |series: &str| value(&after, series) - value(&before, series);
    assert_eq!(
        moved("whosaid_questions_total{kind=\"ask\",outcome=\"answered\"}"),
        1.0
    );
    assert_eq!(moved("whosaid_answer_seconds_count"), 1.0);
    assert_eq!(
        moved("whosaid_discord_responses_total{route=\"defer\",status=\"2xx\"}"),
        1.0
    );
    assert_eq!(
        moved("whosaid_update_posts_total{result=\"rate_limited\"}"),
        1.0
    );
    assert_eq!(
        moved("whosaid_discord_responses_total{route=\"update_post\",status=\"429\"}"),
        1.0
    );
    assert_eq!(value(&after, "whosaid_discord_invalid_requests"), 1.0);
    assert_eq!(moved("whosaid_update_posts_total{result=\"sent\"}"), 1.0);
    assert_eq!(
        moved("whosaid_discord_responses_total{route=\"update_post\",status=\"200\"}"),
        1.0
    );
    assert!(moved("whosaid_feed_fetches_total{result=\"updated\"}") >= 1.0);
    assert_eq!(value(&after, "whosaid_outbox_pending"), 0.0);
    eprintln!("{}", excerpt(&bot).await);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_fails_while_the_gateway_is_down() {
    let bot = TestBot::start(Options {
        metrics: true,
        ..Options::default()
    })
    .await;
    let addr = bot.metrics_addr.expect("metrics served");
    readyz_until(addr, 200, WITHIN).await;
    assert_eq!(get(addr, "/healthz").await.0, 200);

    bot.fake.set_gateway_down(true);
    let why = readyz_until(addr, 503, WITHIN).await;
    assert!(why.contains("gateway: 0 of 1 shards connected"), "{why}");
    assert_eq!(get(addr, "/healthz").await.0, 200, "the process is up");

    bot.fake.set_gateway_down(false);
    readyz_until(addr, 200, WITHIN).await;
    let after = scrape(&bot).await;
    let sessions = value(&after, "whosaid_gateway_sessions_total{kind=\"identify\"}")
        + value(&after, "whosaid_gateway_sessions_total{kind=\"resume\"}");
    assert!(sessions >= 2.0, "the reconnect is counted: {after:?}");
    bot.stop().await;
}

/// Ask `/readyz` until it answers `status` (within `within`); its body then.
async fn readyz_until(addr: std::net::SocketAddr, status: u16, within: Duration) -> String {
    let start = std::time::Instant::now();
    loop {
        let answer = try_get(addr, "/readyz").await;
        if let Ok((got, body)) = &answer {
            if *got == status {
                return body.clone();
            }
        }
        assert!(
            start.elapsed() < within,
            "/readyz: {answer:?}, not {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `whosaid serve` as an operator starts it the first time: a configuration file with
/// `[metrics] listen` and JSON logs, a bot invited nowhere yet.
#[tokio::test]
async fn serve_in_no_server_logs_the_invite_as_json_and_serves_readyz_at_the_configured_address() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.leave_every_guild();
    let data = tempfile::tempdir().expect("temp dir");
    let addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("its address")
    };
    let config = data.path().join("whosaid.toml");
    let text = format!("[log]\nformat = \"json\"\n[metrics]\nlisten = \"{addr}\"\n");
    std::fs::write(&config, text).expect("config");
    let mut child = cli::serve(data.path())
        .env("DISCORD_TOKEN", TOKEN)
        .env("WHOSAID_DISCORD_API", fake.base_url())
        .env("WHOSAID_CONFIG", &config)
        .env("RUST_LOG", "whosaid=info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start whosaid serve");
    let mut stderr = child.stderr.take().expect("stderr");
    let logs = tokio::spawn(async move {
        let mut text = String::new();
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut text).await;
        text
    });
    // The first start indexes the sample corpus before connecting.
    readyz_until(addr, 200, Duration::from_secs(120)).await;
    let pid = child.id().expect("a running child");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = tokio::time::timeout(WITHIN, child.wait()).await;
    assert!(matches!(status, Ok(Ok(s)) if s.success()), "{status:?}");
    let logs = logs.await.expect("logs");
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let invite = permissions::invite_url(APP_ID);
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["invite"].as_str() == Some(invite.as_str())),
        "the invite link in:\n{logs}"
    );
    assert!(lines.len() > 3, "info lines too: {logs}");
    assert!(!logs.contains(TOKEN), "the token is never logged");
}

#[test]
fn serve_refuses_to_start_when_the_metrics_address_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("its address");
    let data = tempfile::tempdir().expect("temp dir");
    let config = data.path().join("whosaid.toml");
    std::fs::write(&config, format!("[metrics]\nlisten = \"{addr}\"\n")).expect("config");
    let o = cli::output(
        cli::in_dir(data.path())
            .args(["serve", "--config"])
            .arg(&config)
            .env("DISCORD_TOKEN", TOKEN)
            .env("WHOSAID_DISCORD_API", "http://127.0.0.1:9"),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("[metrics] listen") && err.contains(&addr.to_string()),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}
