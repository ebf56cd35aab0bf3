//! The disk failing under the data directory, with the real binary on a small tmpfs that
//! the test mounts (as root; skipped with a message where mounting is not possible):
//! - full: an ingest stops with an error naming the index and "no space left", exit 1;
//!   what was committed before stays and answers; the state database fails with a clear
//!   error too; once space is back, the same ingest completes.
//! - read-only: questions are answered (by a new process and by an engine opened before),
//!   an ingest is refused with a clear error, and the engine goes on answering after it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use whosaid::corpus::{DocId, Document};
use whosaid::engine::{Engine, EngineOptions};

/// A tmpfs mounted for one test; unmounted on drop, whatever happened.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .output()
            .expect("run mount");
        assert!(out.status.success(), "remount {options}: {out:?}");
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

fn whosaid(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("WHOSAID_ALLOW_HOSTS", "127.0.0.1")
        .output()
        .expect("run whosaid")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
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

/// The last `committed N documents` line of an ingest's stderr.
fn acknowledged(o: &Output) -> usize {
    stderr(o)
        .lines()
        .rev()
        .find_map(|l| {
            l.strip_prefix("committed ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn open(data: &Path) -> Engine {
    Engine::open(EngineOptions {
        sample_if_empty: false,
        ..EngineOptions::new(data)
    })
    .expect("the engine opens")
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

    assert!(whosaid(&data, &["ingest", small.to_str().expect("path")])
        .status
        .success());
    let added = whosaid(&data, &["feeds", "add", "http://127.0.0.1:9/feed"]);
    assert!(added.status.success(), "{}", stderr(&added));

    let full = whosaid(
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

    let engine = open(&data);
    assert_eq!(
        engine.stats().expect("stats").documents as usize,
        20 + acked,
        "every committed document, nothing else"
    );
    assert!(answers_ann_lee(&engine), "answers from what it has");
    drop(engine);
    let state = whosaid(&data, &["feeds", "add", "http://127.0.0.1:9/other"]);
    assert_clear_failure(&state, &["state database", "free space"]);

    // Space comes back: the same ingest completes over what was kept.
    mount.remount("size=64m");
    let again = whosaid(&data, &["ingest", big.to_str().expect("path")]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(open(&data).stats().expect("stats").documents, 820);
    let list = whosaid(&data, &["feeds", "list"]);
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
    assert!(whosaid(&data, &["ingest", small.to_str().expect("path")])
        .status
        .success());
    // The service, running before the directory turns read-only.
    let service = open(&data);
    mount.remount("ro");

    let ask = whosaid(&data, &["ask", "What did Ann Lee say?"]);
    assert!(ask.status.success(), "{}", stderr(&ask));
    assert!(String::from_utf8_lossy(&ask.stdout).contains("was safe"));

    let ingest = whosaid(&data, &["ingest", small.to_str().expect("path")]);
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

    let state = whosaid(&data, &["feeds", "list"]);
    assert_clear_failure(&state, &["state database", "writable"]);
}
