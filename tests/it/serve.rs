//! `whosaid serve` as operators run it: the binary, its exit code and its one line on
//! stderr when the token is missing or rejected (the fake closes the gateway with 4004).

use std::process::Stdio;
use std::time::Duration;

use crate::support::app::{DEADLINE, TOKEN};
use crate::support::cli;
use crate::support::fake_discord::FakeDiscord;

/// Run `whosaid serve` with `token` against `api`, wait for it to exit, return (code, stderr).
async fn serve(api: &str, token: Option<&str>) -> (Option<i32>, String) {
    let data = tempfile::tempdir().expect("temp dir");
    let mut cmd = cli::serve(data.path());
    cmd.env("WHOSAID_DISCORD_API", api)
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(t) = token {
        cmd.env("DISCORD_TOKEN", t);
    }
    let child = cmd.spawn().expect("start whosaid serve");
    let out = tokio::time::timeout(DEADLINE + Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("serve did not exit")
        .expect("serve output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[tokio::test]
async fn a_rejected_token_ends_serve_with_one_clear_line() {
    let fake = FakeDiscord::start(TOKEN).await;
    let (code, stderr) = serve(&fake.base_url(), Some("not-the-token")).await;
    assert_eq!(code, Some(1), "stderr: {stderr}");
    // Refused once, no retry loop: by `GET /gateway/bot` (how many shards to run), the
    // first call made with the token, or else by the gateway at IDENTIFY.
    let refused_by_rest = fake
        .requests()
        .iter()
        .filter(|r| r.is("GET", "/gateway/bot", "/gateway/bot"))
        .count();
    assert_eq!(
        fake.rejected_tokens() as usize + refused_by_rest,
        1,
        "the token was refused once"
    );
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].contains("rejected the bot token"), "{stderr}");
    assert!(
        !stderr.contains("not-the-token"),
        "the token is never printed"
    );
}

#[tokio::test]
async fn a_missing_token_ends_serve_with_one_clear_line() {
    let fake = FakeDiscord::start(TOKEN).await;
    let (code, stderr) = serve(&fake.base_url(), None).await;
    assert_eq!(code, Some(1), "stderr: {stderr}");
    assert!(
        stderr.trim().starts_with("error: no Discord token"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(fake.requests().is_empty(), "nothing sent without a token");
}

/// Stopped by SIGTERM, with every log on (trace): a clean exit, and the token in no log line.
#[cfg(unix)]
#[tokio::test]
async fn sigterm_closes_the_shards_and_exits_cleanly() {
    let fake = FakeDiscord::start(TOKEN).await;
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = cli::serve(data.path())
        .env("DISCORD_TOKEN", TOKEN)
        .env("WHOSAID_DISCORD_API", fake.base_url())
        .env("RUST_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start whosaid serve");
    let mut stderr = child.stderr.take().expect("stderr");
    let logs = tokio::spawn(async move {
        let mut text = String::new();
        let _ = tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut text).await;
        text
    });
    fake.wait_for("command registration", DEADLINE, |rs| {
        rs.iter()
            .any(|r| r.method == "PUT" && r.path.ends_with("/commands"))
    })
    .await;
    let pid = child.id().expect("a running child");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = tokio::time::timeout(DEADLINE, child.wait())
        .await
        .expect("serve did not stop on SIGTERM")
        .expect("exit status");
    assert_eq!(status.code(), Some(0));
    let logs = logs.await.expect("logs");
    assert!(logs.contains("slash commands registered"), "{logs}");
    assert!(logs.contains("closing the Discord shards"), "{logs}");
    assert!(
        logs.contains("feed poller and update-post delivery started"),
        "{logs}"
    );
    assert!(!logs.contains("did not stop in time"), "{logs}");
    let secret = TOKEN.split('.').next_back().unwrap_or(TOKEN);
    assert!(!logs.contains(secret), "the token appears in the logs");
}

#[tokio::test]
async fn check_opens_everything_without_a_token_and_exits() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = cli::serve(data.path())
        .arg("--check")
        .env("RUST_LOG", "off")
        .output();
    let out = tokio::time::timeout(DEADLINE, out)
        .await
        .expect("serve --check exits")
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.starts_with("Ready in "), "{stderr}");
    assert!(data.path().join("state.sqlite").exists());
}

/// With `[web] listen`, `serve` runs the statement explorer beside the bot, on its engine.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_listen_makes_serve_run_the_explorer_too() {
    let fake = FakeDiscord::start(TOKEN).await;
    let data = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let config = data.path().join("whosaid.toml");
    std::fs::write(&config, format!("[web]\nlisten = \"127.0.0.1:{port}\"\n")).expect("config");
    let mut child = cli::serve(data.path())
        .env("DISCORD_TOKEN", TOKEN)
        .env("WHOSAID_DISCORD_API", fake.base_url())
        .env("WHOSAID_CONFIG", &config)
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start whosaid serve");
    fake.wait_for("command registration", DEADLINE, |rs| {
        rs.iter()
            .any(|r| r.method == "PUT" && r.path.ends_with("/commands"))
    })
    .await;
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let res = http
        .get(format!(
            "http://127.0.0.1:{port}/?q=What+did+the+Kremlin+say+about+the+summit%3F"
        ))
        .send()
        .await
        .expect("the explorer answers");
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers().contains_key("content-security-policy"));
    let page = res.text().await.expect("page");
    assert!(page.contains("Kremlin"), "{page}");
    let pid = child.id().expect("a running child");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = tokio::time::timeout(DEADLINE, child.wait())
        .await
        .expect("serve did not stop on SIGTERM")
        .expect("exit status");
    assert_eq!(status.code(), Some(0));
}
