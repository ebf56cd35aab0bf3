//! Running it for real (issue 18): the invite link, the configuration file an operator
//! starts from, and the numbers `serve` exposes.

use crate::support::app::TOKEN;
use crate::support::cli::{self, stderr, stdout};
use crate::support::fake_discord::fixtures::APP_ID;
use crate::support::fake_discord::FakeDiscord;
use whosaid::bot::permissions;

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
