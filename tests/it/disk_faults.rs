//! The disk failing under the data directory, with the real binary on a small tmpfs that
//! the test mounts (as root; skipped with a message where mounting is not possible):
//! - full: an ingest stops with an error naming the index and "no space left", exit 1;
//!   what was committed before stays and answers; the state database fails with a clear
//!   error too; once space is back, the same ingest completes.
//! - read-only: questions are answered (by a new process and by an engine opened before),
//!   an ingest is refused with a clear error, and the engine goes on answering after it.
//! - the running bot (feed poller and delivery worker on) when its disk fills up: it goes
//!   on answering `/ask`; articles published meanwhile are posted, once each, after space
//!   comes back.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use whosaid::corpus::{DocId, Document};
use whosaid::engine::Engine;

use crate::support;
use crate::support::app::{Options, TestBot, DEADLINE};
use crate::support::cli::{self, stderr};
use crate::support::engine;
use crate::support::state::{self, FollowingRutte};
use crate::support::wait;

/// A tmpfs mounted for one test; unmounted on drop, whatever happened.
pub(crate) struct Mount(pub(crate) PathBuf);

impl Mount {
    pub(crate) fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }

    /// Remount with `options`, retrying for a while: a read-only remount is refused while
    /// a file is open for writing, and a stopped bot's tasks let go of theirs shortly after.
    pub(crate) fn remount(&self, options: &str) {
        let start = Instant::now();
        loop {
            let out = Command::new("mount")
                .args(["-o", &format!("remount,{options}")])
                .arg(&self.0)
                .output()
                .expect("run mount");
            if out.status.success() {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "remount {options}: {out:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let done = Command::new("umount")
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        if !done {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

fn skip(what: &str) {
    eprintln!("skipped: {what} needs to mount a tmpfs (run as root where mount is allowed)");
}

/// `n` articles in JSON Lines; each has one statement by `speaker` and enough distinct
/// words to take room in the index.
fn corpus(path: &Path, prefix: &str, speaker: &str, n: usize) {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let words: Vec<String> = (0..150)
                .map(|j| format!("w{}{prefix}{i}", (j * 7 + i * 13) % 5003))
                .collect();
            serde_json::json!({
                "id": format!("{prefix}{i}"),
                "title": format!("Bridge {prefix}{i}"),
                "published": "2025-01-02",
                "text": format!("{speaker} said on Monday that bridge {i} was safe. {}.", words.join(" ")),
            })
            .to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write corpus");
}

/// Exit code 1 and one clear line: not a panic (101), not success.
fn assert_clear_failure(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let lower = err.to_lowercase();
    for n in needles {
        assert!(lower.contains(&n.to_lowercase()), "{n:?} not in: {err}");
    }
}

/// N in the last `committed N documents` line of an ingest's stderr.
fn acknowledged(o: &Output) -> usize {
    stderr(o)
        .lines()
        .rev()
        .find_map(cli::acknowledged)
        .unwrap_or(0)
}

fn answers_ann_lee(engine: &Engine) -> bool {
    let answer = engine.ask("What did Ann Lee say?").expect("an answer");
    engine.render(&answer).contains("was safe")
}

#[test]
fn a_full_disk_stops_ingest_clearly_and_keeps_what_was_committed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(mount) = Mount::tmpfs(&tmp.path().join("disk"), "2m") else {
        return skip("the full-disk test");
    };
    let data = mount.0.join("data");
    let (small, big) = (tmp.path().join("small.jsonl"), tmp.path().join("big.jsonl"));
    corpus(&small, "s", "Mayor Ann Lee", 20);
    corpus(&big, "b", "Governor Bo Park", 800);

    assert!(cli::run(&data, &["ingest", small.to_str().expect("path")])
        .status
        .success());
    let added = cli::run_allowing(
        &data,
        &["feeds", "add", "http://127.0.0.1:9/feed"],
        "127.0.0.1",
    );
    assert!(added.status.success(), "{}", stderr(&added));

    let full = cli::run(
        &data,
        &[
            "ingest",
            "--commit-every",
            "100",
            big.to_str().expect("path"),
        ],
    );
    let index_dir = data.join("index");
    assert_clear_failure(
        &full,
        &[
            "no space left",
            &index_dir.display().to_string(),
            "free some space",
        ],
    );
    let acked = acknowledged(&full);
    eprintln!("disk full after {acked} of 800 documents acknowledged");

    let engine = engine::open(&data);
    assert_eq!(
        engine.stats().expect("stats").documents as usize,
        20 + acked,
        "every committed document, nothing else"
    );
    assert!(answers_ann_lee(&engine), "answers from what it has");
    drop(engine);
    let state = cli::run_allowing(
        &data,
        &["feeds", "add", "http://127.0.0.1:9/other"],
        "127.0.0.1",
    );
    assert_clear_failure(&state, &["state database", "free space"]);

    // Space comes back: the same ingest completes over what was kept.
    mount.remount("size=64m");
    let again = cli::run(&data, &["ingest", big.to_str().expect("path")]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(engine::open(&data).stats().expect("stats").documents, 820);
    let list = cli::run(&data, &["feeds", "list"]);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("127.0.0.1:9/feed"),
        "the state database kept the feed: {list:?}"
    );
}

#[test]
fn a_read_only_data_directory_answers_and_refuses_to_ingest_clearly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(mount) = Mount::tmpfs(&tmp.path().join("disk"), "16m") else {
        return skip("the read-only test");
    };
    let data = mount.0.join("data");
    let small = tmp.path().join("small.jsonl");
    corpus(&small, "s", "Mayor Ann Lee", 20);
    assert!(cli::run(&data, &["ingest", small.to_str().expect("path")])
        .status
        .success());
    assert!(cli::run_allowing(
        &data,
        &["feeds", "add", "http://127.0.0.1:9/feed"],
        "127.0.0.1"
    )
    .status
    .success());
    // The service, running before the directory turns read-only.
    let service = engine::open(&data);
    mount.remount("ro");

    let ask = cli::run(&data, &["ask", "What did Ann Lee say?"]);
    assert!(ask.status.success(), "{}", stderr(&ask));
    assert!(String::from_utf8_lossy(&ask.stdout).contains("was safe"));

    let ingest = cli::run(&data, &["ingest", small.to_str().expect("path")]);
    let index_dir = data.join("index").display().to_string();
    assert_clear_failure(&ingest, &["read-only", &index_dir, "--data-dir"]);

    assert!(answers_ann_lee(&service));
    let doc = Document {
        id: DocId::derive(Some("test"), None, "Mayor Ann Lee said the road was open."),
        source: Some("test".into()),
        title: Some("Road".into()),
        url: None,
        published: None,
        text: "Mayor Ann Lee said the road was open.".into(),
    };
    let refused = service
        .ingest([Ok(doc)], |_| {})
        .expect_err("nothing can be written");
    assert!(refused.to_string().contains("read-only"), "{refused}");
    assert!(
        answers_ann_lee(&service),
        "still answering after the refusal"
    );
    assert_eq!(service.stats().expect("stats").documents, 20);

    let list = cli::run(&data, &["feeds", "list"]);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("127.0.0.1:9/feed"),
        "the state database reads: {list:?}"
    );
    let add = cli::run_allowing(
        &data,
        &["feeds", "add", "http://127.0.0.1:9/other"],
        "127.0.0.1",
    );
    assert_clear_failure(&add, &["readonly"]);
}

/// Fill the file system holding `dir` with one file; its path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("create the filler");
    for chunk in [1 << 20, 1 << 14, 1 << 10] {
        let block = vec![0u8; chunk];
        while file
            .write_all(&block)
            .and_then(|()| file.sync_data())
            .is_ok()
        {}
    }
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_keeps_answering_on_a_full_disk_and_posts_what_came_meanwhile_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(mount) = Mount::tmpfs(&tmp.path().join("disk"), "16m") else {
        return skip("the running bot's full-disk test");
    };
    let FollowingRutte {
        mut bot,
        server,
        store,
        feed,
    } = state::following_rutte(Options {
        data_dir: Some(mount.0.join("data")),
        ..Options::default()
    })
    .await;

    let filler = fill(&mount.0);
    let expected = server.publish_frigates(2);
    wait::until("polls of the new articles", DEADLINE, || {
        server.served_current() >= 3
    })
    .await;
    let asked = bot.slash(1, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    let answer = support::app::embed_text(&bot.answer_to(&asked).await);
    assert!(
        answer.contains("Ann Lee"),
        "answered from the index: {answer}"
    );
    // Polled, but nothing could be kept: no item recorded, nothing posted.
    assert_eq!(store.item_count(feed).expect("items"), 1);
    assert!(bot.fake.posts().is_empty());

    std::fs::remove_file(&filler).expect("free the space");
    wait::until("both posts", DEADLINE, || bot.fake.posts().len() >= 2).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    bot.fake.assert_each_posted_once(&expected);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_starts_and_answers_on_a_read_only_data_directory() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(mount) = Mount::tmpfs(&tmp.path().join("disk"), "16m") else {
        return skip("the running bot's read-only test");
    };
    let data = mount.0.join("data");
    // A first run leaves an index and a state database; then the disk turns read-only.
    let first = TestBot::start(Options {
        data_dir: Some(data.clone()),
        ..Options::default()
    })
    .await;
    first.stop().await;
    mount.remount("ro");

    let mut bot = TestBot::start(Options {
        data_dir: Some(data),
        ..Options::default()
    })
    .await;
    let asked = bot.slash(1, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    let answer = support::app::embed_text(&bot.answer_to(&asked).await);
    assert!(
        answer.contains("Ann Lee"),
        "answered from the index: {answer}"
    );
    // A write is refused: the member is told it failed on our side, the bot goes on.
    let t = bot.slash_as(
        2,
        support::fake_discord::fixtures::MANAGER_PERMISSIONS,
        "subscribe",
        &[support::fake_discord::fixtures::Arg::Text(
            "person",
            "Mark Rutte",
        )],
    );
    let refused = support::app::embed_text(&bot.answer_to(&t).await);
    assert!(refused.contains("went wrong on my side"), "{refused}");
    let again = bot.slash(3, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    assert!(support::app::embed_text(&bot.answer_to(&again).await).contains("Ann Lee"));
    bot.stop().await;
}
