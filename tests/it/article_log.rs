//! Two nodes, one article log (issue 17): `whosaid ingest` with a PostgreSQL store on one
//! data directory; another node, started empty, tails the log and answers the same; a
//! running bot answers from the log what another node ingested.
//! Needs `WHOSAID_TEST_POSTGRES_URL` (`.ci/run` or `scripts/pg-throwaway.sh` provide one);
//! without it the test says it skipped and returns.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use whosaid::article_log::Tailer;
use whosaid::store::Store;

use crate::support::app::{embed_text, Options, TestBot, DEADLINE};
use crate::support::{cli, engine};

const ARTICLES: &str = r#"{"id":"a1","published":"2025-10-20","title":"Bridge","text":"Mayor Ann Lee said the bridge is safe. The council will vote on Friday."}
{"id":"a2","published":"2025-10-21","title":"Budget","text":"Treasurer Bo Park said the budget is balanced."}
{"id":"a3","published":"2025-10-21","title":"Parks","text":"Ann Lee said the parks will open in spring."}
"#;

const QUESTIONS: &[&str] = &[
    "What did Ann Lee say about the bridge?",
    "What did Bo Park say?",
    "Who is Ann Lee?",
];

#[test]
fn ingest_on_one_node_is_answered_by_another_after_tailing() {
    let Some(schema) = Schema::create("it_article_log") else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let file = dir.path().join("articles.jsonl");
    std::fs::write(&file, ARTICLES).expect("articles");
    let ingest = || ingest(&a, &file, &schema.url);
    let first = ingest();
    assert!(first.status.success(), "{}", cli::output_text(&first));
    let said = cli::stderr(&first);
    assert!(
        said.contains("Appended 3 documents to the article log"),
        "{said}"
    );
    assert!(said.contains("Indexed 3 article log entries"), "{said}");
    let again = ingest();
    let said = cli::stderr(&again);
    assert!(
        said.contains("Appended 0 documents to the article log (3 already there)"),
        "{said}"
    );

    let node_b = Arc::new(engine::open(&b));
    let today = NaiveDate::from_ymd_opt(2025, 10, 22).expect("date");
    assert!(
        node_b.ask_on(QUESTIONS[0], today).expect("ask").is_empty(),
        "B starts empty"
    );
    let store = Arc::new(Store::open_postgres(&schema.url).expect("store"));
    let applied = Tailer::new(store, node_b.clone()).catch_up().expect("tail");
    assert_eq!(applied, 3);

    let node_a = engine::open(&a);
    for q in QUESTIONS {
        let on_a = node_a.render(&node_a.ask_on(q, today).expect("ask A"));
        let on_b = node_b.render(&node_b.ask_on(q, today).expect("ask B"));
        assert_eq!(on_b, on_a, "{q}");
    }
    assert!(!node_a.ask_on(QUESTIONS[0], today).expect("ask").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_serving_node_answers_from_the_log_what_another_node_ingested() {
    let Some(schema) = Schema::create("it_article_log_serve") else {
        return;
    };
    let mut bot = TestBot::start(Options {
        store_url: Some(schema.url.clone()),
        ..Options::default()
    })
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("articles.jsonl");
    std::fs::write(&file, ARTICLES).expect("articles");
    let (other, url) = (dir.path().join("other"), schema.url.clone());
    let out = tokio::task::spawn_blocking(move || ingest(&other, &file, &url))
        .await
        .expect("ingest");
    assert!(out.status.success(), "{}", cli::output_text(&out));

    // The append's notification wakes the bot's tailer; ask until the answer has it.
    let deadline = Instant::now() + DEADLINE;
    loop {
        let token = bot.slash(1, "ask", &[("question", "What did Bo Park say?")]);
        let posted = embed_text(&bot.answer_to(&token).await);
        if posted.contains("balanced") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the bot never answered from the article log: {posted}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bot.stop().await;
}

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>
<link>https://news.example/</link>
<item><guid>f1</guid><title>One</title><link>https://news.example/1</link>
<description>Treasurer Bo Park said the budget is balanced.</description></item>
</channel></rss>"#;

/// A feed item polled by one node (`whosaid feeds poll` with the store) reaches the log,
/// and from it another node's index.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_polled_feed_item_reaches_the_log_and_another_node() {
    use axum::routing::get;
    let Some(schema) = Schema::create("it_article_log_feed") else {
        return;
    };
    let app = axum::Router::new().route(
        "/feed.xml",
        get(|| async { ([("content-type", "application/rss+xml")], FEED) }),
    );
    let feed = format!(
        "http://{}/feed.xml",
        crate::support::local::serve(app).await
    );
    let dir = tempfile::tempdir().expect("dir");
    let (poller, other) = (dir.path().join("poller"), dir.path().join("other"));
    let url = schema.url.clone();
    tokio::task::spawn_blocking(move || {
        let feeds = |args: &[&str]| {
            let out = cli::output(
                cli::in_dir(&poller)
                    .env("WHOSAID_STORE_URL", &url)
                    .env("WHOSAID_ALLOW_HOSTS", "127.0.0.1")
                    .arg("feeds")
                    .args(args),
            );
            assert!(out.status.success(), "{}", cli::output_text(&out));
        };
        feeds(&["add", &feed]);
        feeds(&["poll", "--once"]);

        let store = Arc::new(Store::open_postgres(&url).expect("store"));
        assert_eq!(store.articles_after(0, 10).expect("log").len(), 1);
        let node = Arc::new(engine::open(&other));
        let applied = Tailer::new(store, node.clone()).catch_up().expect("tail");
        assert_eq!(applied, 1);
        let today = NaiveDate::from_ymd_opt(2025, 10, 22).expect("date");
        let answer = node.render(&node.ask_on("What did Bo Park say?", today).expect("ask"));
        assert!(answer.contains("balanced"), "{answer}");
    })
    .await
    .expect("steps");
}

/// SIGKILL of `whosaid ingest` while it catches its index up from the log, at a random
/// moment: the ingest run again indexes exactly the entries after what the index had
/// committed (its commit payload), and the index ends with every article once.
#[test]
fn an_ingest_killed_while_indexing_the_log_resumes_where_its_commit_left_it() {
    const ARTICLES: usize = 2000;
    let mut resumed_mid_way = 0;
    for trial in 0..3 {
        let Some(schema) = Schema::create(&format!("it_article_log_kill{trial}")) else {
            return;
        };
        let dir = tempfile::tempdir().expect("dir");
        let (data, file) = (dir.path().join("node"), dir.path().join("articles.jsonl"));
        let lines: String = (0..ARTICLES)
            .map(|i| {
                format!("{{\"id\":\"k{i}\",\"text\":\"Mayor Ann Lee said bridge {i} is safe.\"}}\n")
            })
            .collect();
        std::fs::write(&file, lines).expect("articles");
        let delay = Duration::from_millis(random() % 1000);
        kill_while_indexing(&data, &file, &schema.url, delay);
        let before = engine::open(&data).stats().expect("stats").documents as usize;

        let again = ingest(&data, &file, &schema.url);
        let said = cli::stderr(&again);
        assert!(again.status.success(), "trial {trial}: {said}");
        let rest = ARTICLES - before;
        assert!(
            said.contains(&format!("Indexed {rest} article log entr")),
            "trial {trial}: {before} committed before the kill, so {rest} to index: {said}"
        );
        let after = engine::open(&data).stats().expect("stats").documents as usize;
        assert_eq!(after, ARTICLES, "trial {trial}");
        eprintln!("trial {trial}: killed after {delay:?}, {before} committed, {rest} resumed");
        resumed_mid_way += usize::from(before > 0 && before < ARTICLES);
    }
    eprintln!("{resumed_mid_way} of 3 kills landed mid-way through the log");
}

/// Start `whosaid ingest`, and SIGKILL it `delay` after the log has the articles.
fn kill_while_indexing(data: &Path, file: &Path, url: &str, delay: Duration) {
    use std::io::{BufRead, BufReader};
    let mut child = cli::in_dir(data)
        .env("WHOSAID_STORE_URL", url)
        .arg("ingest")
        .arg(file)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start ingest");
    let stderr = child.stderr.take().expect("stderr piped");
    let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
    let appended = lines.any(|l| l.starts_with("Appended"));
    assert!(appended, "the ingest never appended to the log");
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// A number that differs from run to run (no rand crate): the clock's nanoseconds.
fn random() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| u64::from(d.subsec_nanos()))
}

/// `whosaid ingest FILE` on `data` with the store at `url`.
fn ingest(data: &Path, file: &Path, url: &str) -> Output {
    cli::output(
        cli::in_dir(data)
            .env("WHOSAID_STORE_URL", url)
            .arg("ingest")
            .arg(file),
    )
}

/// A schema of its own on the test server, dropped afterwards.
struct Schema {
    admin: String,
    name: String,
    url: String,
}

impl Schema {
    fn create(test: &str) -> Option<Schema> {
        let Some(admin) = std::env::var("WHOSAID_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: article_log:: needs WHOSAID_TEST_POSTGRES_URL (.ci/run sets it; \
                 `scripts/pg-throwaway.sh start` prints one)"
            );
            return None;
        };
        let name = format!("{test}_{}", std::process::id());
        sql(
            &admin,
            &format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"),
        );
        let sep = if admin.contains('?') { '&' } else { '?' };
        let url = format!("{admin}{sep}options=-c%20search_path%3D{name}");
        Some(Schema { admin, name, url })
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        sql(
            &self.admin,
            &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name),
        );
    }
}

/// Run `statements` on the server, on a thread of its own (a runtime cannot start inside
/// a test's runtime, and a schema may be dropped from one).
fn sql(url: &str, statements: &str) {
    let (url, owned) = (url.to_string(), statements.to_string());
    let done = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect to WHOSAID_TEST_POSTGRES_URL");
            tokio::spawn(connection);
            client.batch_execute(&owned).await.expect(&owned);
        });
    })
    .join();
    if done.is_err() && !std::thread::panicking() {
        panic!("cannot run on the test server: {statements}");
    }
}
