//! `whosaid backup` and `whosaid restore`, the binaries as an operator runs them:
//! - a backup taken while articles are ingested and committed, and update posts queued,
//!   in the same data directory restores into a fresh one that answers, and whose index
//!   and state hold everything acknowledged before the backup began;
//! - a restored data directory answers in Discord and delivers the posts that waited;
//! - restore refuses a directory `serve` is using (even with `--force`), and a non-empty
//!   one without `--force`;
//! - a backup missing a segment file is refused, naming the file, and nothing is changed;
//! - what the index copy relies on holds: a commit waits while tantivy's meta lock is held;
//! - a data directory on a read-only file system is backed up too;
//! - with a PostgreSQL store, the index alone is copied and the `pg_dump` command printed,
//!   the password masked.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use whosaid::engine::Engine;
use whosaid::store::{NewPost, NewSubscription, Store, SubKind};

use whosaid::feeds::deliver::DeliveryOptions;

use crate::support::app::{article, embed_text, Options, TestBot, DEADLINE, TOKEN};
use crate::support::fake_discord::fixtures::{CHANNEL_ID, GUILD_ID};
use crate::support::fake_discord::FakeDiscord;
use crate::support::state::local_feeds;
use crate::support::{cli, engine, wait};

/// Article `i`: one statement by Ann Lee about bridge `i`.
fn bridge(i: usize) -> whosaid::corpus::Document {
    article(
        &format!("Bridge {i}"),
        "2025-01-02",
        &format!("Ann Lee said on Monday that bridge {i} was safe. Engineers inspected bridge {i} twice."),
    )
}

/// Update post `i`, carrying statement key `key-i`.
fn post(subscription_id: i64, i: usize) -> NewPost {
    NewPost {
        subscription_id,
        guild_id: GUILD_ID,
        channel_id: CHANNEL_ID,
        mention_role_id: None,
        doc_id: bridge(i).id.as_str().to_string(),
        content: format!("New on bridge {i}"),
        statement_keys: vec![format!("key-{i}")],
    }
}

fn subscribe(store: &Store) -> i64 {
    let sub = NewSubscription {
        guild_id: GUILD_ID,
        channel_id: CHANNEL_ID,
        kind: SubKind::Person,
        value: "Ann Lee".into(),
        mention_role_id: None,
        created_by: None,
    };
    store.subscribe(&sub, 0).expect("subscription").id
}

/// Numbers each thread of the load has had acknowledged (committed, queued).
type Acked = Arc<Mutex<Vec<usize>>>;

/// Ingest one article a commit, and queue one post a transaction (through a connection of
/// its own), until `stop`.
fn start_load(
    data: &Path,
    engine: Arc<Engine>,
    sub: i64,
    stop: Arc<AtomicBool>,
) -> (Acked, Acked, Vec<std::thread::JoinHandle<()>>) {
    let (docs, posts): (Acked, Acked) = Default::default();
    let ingest = {
        let (docs, stop) = (docs.clone(), stop.clone());
        std::thread::spawn(move || {
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                engine
                    .ingest([Ok(bridge(i))], |_| {})
                    .expect("ingest under load");
                docs.lock().expect("lock").push(i);
            }
        })
    };
    let store = Store::open_in(data).expect("a second connection");
    let queue = {
        let posts = posts.clone();
        std::thread::spawn(move || {
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let queued = store.queue_posts(&[post(sub, i)], 0).expect("queue");
                assert_eq!(queued, 1);
                posts.lock().expect("lock").push(i);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    (docs, posts, vec![ingest, queue])
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", cli::output_text(&o));
    cli::stdout(&o)
}

fn refused(o: &Output, needles: &[&str]) {
    let err = cli::stderr(o);
    assert_eq!(o.status.code(), Some(1), "{}", cli::output_text(o));
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in: {err}");
    }
}

fn snapshot(acked: &Acked) -> Vec<usize> {
    acked.lock().expect("lock").clone()
}

/// Backups taken one after another while the load runs; each is restored into a fresh
/// data directory and checked against what was acknowledged when it began.
const ROUNDS: usize = 3;

#[test]
fn a_backup_taken_during_a_load_restores_everything_acknowledged_before_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    let engine = Arc::new(engine::open(&data));
    let sub = subscribe(&Store::open_in(&data).expect("store"));
    let stop = Arc::new(AtomicBool::new(false));
    let (docs, posts, threads) = start_load(&data, engine, sub, stop.clone());
    for round in 0..ROUNDS {
        let want = 3 * (round + 1);
        wait_for("more commits", || {
            snapshot(&docs).len() >= want && snapshot(&posts).len() >= want
        });
        let (docs_before, posts_before) = (snapshot(&docs), snapshot(&posts));
        let backup = tmp.path().join(format!("backup-{round}"));
        let out = ok(cli::run(&data, &["backup", path(&backup)]));
        assert!(out.contains("Backed up"), "{out}");
        eprintln!(
            "round {round}: acknowledged before the backup: {} articles, {} posts; when it ended: {}, {}",
            docs_before.len(),
            posts_before.len(),
            snapshot(&docs).len(),
            snapshot(&posts).len()
        );
        let restored = tmp.path().join(format!("restored-{round}"));
        let out = ok(cli::run(&restored, &["restore", path(&backup)]));
        assert!(out.contains("Restored"), "{out}");
        assert_restored(&restored, sub, &docs_before, &posts_before);
    }
    stop.store(true, Ordering::SeqCst);
    threads
        .into_iter()
        .for_each(|t| t.join().expect("load thread"));
}

/// The data directory `dir` answers, and holds articles `docs` and posts `posts` (their
/// claims too).
fn assert_restored(dir: &Path, sub: i64, docs: &[usize], posts: &[usize]) {
    let engine = engine::open(dir);
    for i in docs {
        let id = bridge(*i).id.as_str().to_string();
        assert!(
            engine.document(&id).is_some(),
            "article {i} was not restored"
        );
    }
    let answer = engine.ask("What did Ann Lee say?").expect("an answer");
    assert!(engine.render(&answer).contains("was safe"), "{answer:?}");
    let store = Store::open_in(dir).expect("the restored store");
    let queued: Vec<String> = store
        .outbox(None)
        .expect("outbox")
        .into_iter()
        .map(|row| row.content)
        .collect();
    for i in posts {
        assert!(
            queued.contains(&format!("New on bridge {i}")),
            "post {i} was lost"
        );
        let key = vec![format!("key-{i}")];
        assert!(store.unclaimed(sub, &key).expect("claims").is_empty());
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// A backup of a small data directory (three articles, a subscription, a post), in `dir`.
fn small_backup(dir: &Path) -> PathBuf {
    small_backup_of(&dir.join("source"), dir)
}

/// The same, of the data directory `data`.
fn small_backup_of(data: &Path, dir: &Path) -> PathBuf {
    let engine = engine::open(data);
    engine
        .ingest((0..3).map(|i| Ok(bridge(i))), |_| {})
        .expect("ingest");
    let store = Store::open_in(data).expect("store");
    store
        .queue_posts(&[post(subscribe(&store), 0)], 0)
        .expect("queue");
    let backup = dir.join("backup");
    ok(cli::run(data, &["backup", path(&backup)]));
    backup
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_data_directory_answers_and_delivers_the_posts_that_were_waiting() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let backup = small_backup(tmp.path());
    let restored = tmp.path().join("restored");
    ok(cli::run(&restored, &["restore", path(&backup)]));
    let mut bot = TestBot::start(Options {
        data_dir: Some(restored),
        feeds: Some(local_feeds(DeliveryOptions::default())),
        ..Options::default()
    })
    .await;
    wait::until("the post that waited", DEADLINE, || {
        !bot.fake.posts().is_empty()
    })
    .await;
    let asked = bot.slash(1, "ask", &[("question", "What did Ann Lee say?")]);
    let answer = embed_text(&bot.answer_to(&asked).await);
    assert!(answer.contains("was safe"), "{answer}");
    bot.fake
        .assert_each_posted_once(&["New on bridge 0".to_string()]);
    bot.stop().await;
}

#[test]
fn restore_refuses_a_non_empty_data_directory_without_force() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let backup = small_backup(tmp.path());
    let target = tmp.path().join("target");
    std::fs::create_dir_all(&target).expect("target");
    std::fs::write(target.join("state.sqlite"), b"not the backup's").expect("write");
    let o = cli::run(&target, &["restore", path(&backup)]);
    refused(&o, &["is not empty", "state.sqlite", "--force"]);
    assert_eq!(
        std::fs::read(target.join("state.sqlite")).expect("read"),
        b"not the backup's"
    );
    let out = ok(cli::run(&target, &["restore", "--force", path(&backup)]));
    assert!(out.contains("replacing what was there"), "{out}");
    let restored = engine::open(&target);
    assert!(restored.document(bridge(2).id.as_str()).is_some());
    let store = Store::open_in(&target).expect("the restored store");
    assert_eq!(store.outbox(None).expect("outbox").len(), 1);
}

#[test]
fn restore_refuses_a_backup_missing_a_segment_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let backup = small_backup(tmp.path());
    let segment = std::fs::read_dir(backup.join("index"))
        .expect("the backup's index")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a segment's postings file");
    std::fs::remove_file(&segment).expect("remove");
    let name = segment.file_name().and_then(|n| n.to_str()).expect("name");
    let target = tmp.path().join("target");
    let o = cli::run(&target, &["restore", path(&backup)]);
    refused(&o, &["incomplete or damaged", name, "is missing"]);
    assert!(!target.join("index").exists(), "nothing may be restored");
    assert!(
        !target.join("state.sqlite").exists(),
        "nothing may be restored"
    );
    assert!(
        !target.join(".restore").exists(),
        "no copies may be left behind"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_data_directory_serve_is_using() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let backup = small_backup(tmp.path());
    let fake = FakeDiscord::start(TOKEN).await;
    let data = tmp.path().join("served");
    let mut serve = cli::serve(&data)
        .env("DISCORD_TOKEN", TOKEN)
        .env("WHOSAID_DISCORD_API", fake.base_url())
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
    let o = cli::run(&data, &["restore", "--force", path(&backup)]);
    refused(&o, &["whosaid serve", "is using", "stop it"]);
    serve.kill().await.expect("stop serve");
    let out = ok(cli::run(&data, &["restore", "--force", path(&backup)]));
    assert!(out.contains("Restored"), "{out}");
}

#[test]
fn with_a_postgresql_store_the_backup_holds_the_index_and_says_to_run_pg_dump() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    engine::open(&data)
        .ingest([Ok(bridge(0))], |_| {})
        .expect("ingest");
    let backup = tmp.path().join("backup");
    // Nothing connects to this server: the state is not the backup's to copy.
    let url = "postgres://whosaid:s3cret@127.0.0.1:1/whosaid";
    let o = cli::output(
        cli::in_dir(&data)
            .args(["backup", path(&backup)])
            .env("WHOSAID_STORE_URL", url),
    );
    let out = ok(o);
    assert!(out.contains("The state lives in PostgreSQL"), "{out}");
    let expected = format!(
        "pg_dump --format=custom --file={} 'postgres://whosaid:****@127.0.0.1:1/whosaid'",
        backup.join("state.pgdump").display()
    );
    assert!(out.contains(&expected), "{out}");
    assert!(!out.contains("s3cret"), "{out}");
    assert!(!backup.join("state.sqlite").exists());
    let manifest = std::fs::read_to_string(backup.join("manifest.json")).expect("manifest");
    assert!(
        manifest.contains("\"backend\": \"postgresql\""),
        "{manifest}"
    );
    let restored = tmp.path().join("restored");
    let out = ok(cli::run(&restored, &["restore", path(&backup)]));
    assert!(out.contains("pg_restore"), "{out}");
    assert!(engine::open(&restored)
        .document(bridge(0).id.as_str())
        .is_some());
}

/// What the index copy relies on, checked against tantivy: while another holder has the
/// index's META_LOCK (as `backup` has while it copies one commit's files), a writer's
/// commit collects no file: its garbage collection, and so the commit, waits for the lock.
#[test]
fn a_commit_waits_while_the_meta_lock_is_held() {
    use tantivy::directory::{MmapDirectory, META_LOCK};
    use tantivy::Directory;
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    let engine = engine::open(&data);
    engine.ingest([Ok(bridge(0))], |_| {}).expect("ingest");
    let dir = MmapDirectory::open(data.join("index")).expect("the index directory");
    let lock = dir.acquire_lock(&META_LOCK).expect("the meta lock");
    let done = Arc::new(AtomicBool::new(false));
    let commit = {
        let done = done.clone();
        std::thread::spawn(move || {
            engine.ingest([Ok(bridge(1))], |_| {}).expect("ingest");
            done.store(true, Ordering::SeqCst);
        })
    };
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        !done.load(Ordering::SeqCst),
        "a commit finished while the meta lock was held: a backup's index copy is not safe"
    );
    drop(lock);
    commit
        .join()
        .expect("the commit ends once the lock is released");
    assert!(done.load(Ordering::SeqCst));
}

#[test]
fn a_data_directory_on_a_read_only_file_system_is_backed_up() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(mount) = crate::disk_faults::Mount::tmpfs(&tmp.path().join("disk"), "16m") else {
        eprintln!("skipped: needs to mount a tmpfs (run as root where mount is allowed)");
        return;
    };
    let data = mount.0.join("data");
    let backup = small_backup_of(&data, tmp.path());
    std::fs::remove_dir_all(&backup).expect("remove the first backup");
    mount.remount("ro");
    ok(cli::run(&data, &["backup", path(&backup)]));
    let restored = tmp.path().join("restored");
    ok(cli::run(&restored, &["restore", path(&backup)]));
    assert!(engine::open(&restored)
        .document(bridge(2).id.as_str())
        .is_some());
    let store = Store::open_in(&restored).expect("the restored store");
    assert_eq!(store.outbox(None).expect("outbox").len(), 1);
}
