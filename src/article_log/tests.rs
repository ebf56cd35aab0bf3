//! The article log against a real PostgreSQL (`WHOSAID_TEST_POSTGRES_URL`; without it each
//! test prints a skip and returns). Each test has a schema of its own.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::*;
use crate::corpus::{sample, DocId};
use crate::engine::EngineOptions;
use crate::store::testing::TestStore;

const QUESTIONS: &[&str] = &[
    "What did the Kremlin say about the summit?",
    "Who proposed a peace plan?",
    "What did Angela Merkel say?",
    "Who is Angela Merkel?",
];

fn engine(dir: &Path) -> Arc<Engine> {
    let opts = EngineOptions {
        sample_if_empty: false,
        threads: 1,
        ..EngineOptions::new(dir)
    };
    Arc::new(Engine::open(opts).expect("engine"))
}

/// The test's store, opened a second time as a node would (the tailer shares it).
fn node_store(test: &TestStore) -> Arc<Store> {
    Arc::new(test.reopen().expect("reopen the store"))
}

fn documents(engine: &Engine) -> u64 {
    engine.stats().expect("stats").documents
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 22).expect("date")
}

fn answers(engine: &Engine) -> Vec<String> {
    QUESTIONS
        .iter()
        .map(|q| engine.render(&engine.ask_on(q, today()).expect("answer")))
        .collect()
}

fn article(id: &str, text: &str) -> Document {
    Document {
        id: DocId::parse(id).expect("id"),
        source: Some("Test".into()),
        title: None,
        url: None,
        published: NaiveDate::from_ymd_opt(2025, 10, 20),
        text: text.into(),
    }
}

#[test]
fn a_tailer_into_an_empty_index_catches_up_and_answers_as_direct_ingest() {
    let Some(test) = TestStore::postgres("tail_catch_up") else {
        return;
    };
    let docs = sample::documents();
    let direct_dir = tempfile::tempdir().expect("dir");
    let direct = engine(direct_dir.path());
    direct
        .ingest(docs.iter().cloned().map(Ok), |_| {})
        .expect("direct ingest");

    // An older version of one article first: the log's later version replaces it.
    let mut older = docs[1].clone();
    older.text = "Mayor Ann Lee said the bridge is safe.".into();
    append(&test, [&older]).expect("append the older version");
    let appended = append(&test, &docs).expect("append");
    assert_eq!(appended.appended, docs.len());

    let node_dir = tempfile::tempdir().expect("dir");
    let node = engine(node_dir.path());
    let mut tailer = Tailer::new(node_store(&test), node.clone()).with_batch(7);
    assert_eq!(
        tailer.applied(),
        0,
        "an empty index starts at the log's start"
    );
    let applied = tailer.catch_up().expect("catch up");
    assert_eq!(applied, docs.len() + 1);
    assert_eq!(tailer.applied(), test.article_log_head().expect("head"));

    assert_eq!(documents(&node), documents(&direct));
    let first = direct.ask_on(QUESTIONS[0], today()).expect("answer");
    assert!(!first.is_empty(), "the direct index answers: {first:?}");
    assert_eq!(answers(&node), answers(&direct));
}

#[test]
fn a_tailer_stopped_after_n_resumes_from_its_commit_without_duplicates() {
    let Some(test) = TestStore::postgres("tail_resume") else {
        return;
    };
    let docs: Vec<Document> = (0..10)
        .map(|i| {
            article(
                &format!("d{i}"),
                &format!("Mayor Ann Lee said bridge {i} is safe."),
            )
        })
        .collect();
    append(&test, &docs).expect("append");
    let dir = tempfile::tempdir().expect("dir");
    {
        let node = engine(dir.path());
        let mut tailer = Tailer::new(node_store(&test), node.clone()).with_batch(3);
        assert_eq!(tailer.step().expect("one batch"), 3);
        // A commit that is not the tailer's (a feed poll, say) keeps the position.
        node.ingest(
            std::iter::once(Ok(article("local", "Ann Lee said hello."))),
            |_| {},
        )
        .expect("local ingest");
        node.finish_ingest().expect("release the writer");
    }
    let node = engine(dir.path());
    let mut tailer = Tailer::new(node_store(&test), node.clone()).with_batch(3);
    let third = test.articles_after(0, 3).expect("read")[2].seq;
    assert_eq!(tailer.applied(), third, "resumes after the committed batch");
    assert_eq!(tailer.catch_up().expect("catch up"), 7, "only the rest");
    assert_eq!(
        documents(&node),
        11,
        "ten from the log, one local, none twice"
    );
}

#[test]
fn a_notification_wakes_a_running_tailer_promptly() {
    let Some(test) = TestStore::postgres("tail_notify") else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let node = engine(dir.path());
    append(&test, [&article("first", "Ann Lee said the first thing.")]).expect("append");
    let (stop, stopped) = watch::channel(false);
    // Without a notification it would look again only in an hour.
    let tailer = Tailer::new(node_store(&test), node.clone());
    let task = runtime.spawn(tailer.run(Duration::from_secs(3600), stopped));
    wait_for(|| documents(&node) == 1, "the first catch-up");

    append(
        &test,
        [&article("second", "Ann Lee said the second thing.")],
    )
    .expect("append");
    let asked = Instant::now();
    wait_for(|| documents(&node) == 2, "the appended article");
    eprintln!("woken and applied in {:?}", asked.elapsed());

    stop.send(true).expect("stop");
    runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(10), task).await })
        .expect("the tailer stops when told")
        .expect("the tailer task");
}

/// Wait (10 s at most) until `done`, polling; panics naming `what` at the deadline.
fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
