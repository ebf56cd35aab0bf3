//! The statement explorer's page time for a person with 1,000 statements: the person's page
//! (first and last of 50 pages, and filtered by topic), the same as JSON, and one statement
//! in context, each fetched over HTTP from the explorer on 127.0.0.1, as a visitor would.
//!
//! The corpus is generated here (no shared data needed): `WHOSAID_BENCH_ARTICLES` articles
//! in all (default 100,000), of which 1,000 quote the person once each; the others quote
//! 2,000 other people. Short articles (three sentences), so a 100k corpus ingests in a few
//! minutes on one core. Prints p50 and p99 over `WHOSAID_BENCH_REQUESTS` requests per page
//! (default 200), then criterion's estimate for the person's first page.
//!
//! Run: `cargo bench --bench web`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use whosaid::corpus::loader::parse_jsonl_line;
use whosaid::corpus::Document;
use whosaid::engine::{Engine, EngineOptions};
use whosaid::web::{self, Site, WebOptions};

/// The person whose page is measured, and how many statements they make.
const PERSON: &str = "Ann Lee";
const PERSON_STATEMENTS: usize = 1_000;
/// Other speakers the filler articles quote.
const OTHERS: usize = 2_000;
const TOPICS: &[&str] = &[
    "bridge", "harbour", "budget", "schools", "rail", "housing", "water", "taxes",
];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Article `i`, quoting `speaker` on topic `t` (an index into [`TOPICS`]).
fn article(i: usize, t: usize, speaker: &str, role: &str) -> Document {
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("day")
        + chrono::Days::new((i % 2_000) as u64);
    let topic = TOPICS[t % TOPICS.len()];
    let line = serde_json::json!({
        "id": format!("a{i}"),
        "published": day.to_string(),
        "title": format!("Council report {i}"),
        "url": format!("https://news.example.org/{i}"),
        "source": "Bench News",
        "text": format!("The council met on Monday to discuss the {topic}. {role} {speaker} said the {topic} plan number {i} would go ahead next year. The vote is expected later this month."),
    });
    parse_jsonl_line(&line.to_string(), &Default::default()).expect("article")
}

fn corpus(total: usize) -> impl Iterator<Item = Document> {
    // The person's articles spread evenly through the corpus, one every total/1000.
    let every = (total / PERSON_STATEMENTS).max(1);
    (0..total).map(move |i| {
        if i % every == 0 && i / every < PERSON_STATEMENTS {
            // Their own count picks the topic, so each topic has its share of the 1,000.
            article(i, i / every, PERSON, "Mayor")
        } else {
            let n = i % OTHERS;
            article(
                i,
                i,
                &format!("Speaker{n} Person{}", n * 7 % 1_000),
                "Councillor",
            )
        }
    })
}

/// p50 and p99 of `times`, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99))
}

fn bench(c: &mut Criterion) {
    let total = env_usize("WHOSAID_BENCH_ARTICLES", 100_000);
    let requests = env_usize("WHOSAID_BENCH_REQUESTS", 200);
    let dir = tempfile::tempdir().expect("dir");
    let engine = Engine::open(EngineOptions {
        sample_if_empty: false,
        ..EngineOptions::new(dir.path())
    })
    .expect("engine");
    let started = Instant::now();
    engine
        .ingest(corpus(total).map(Ok), |_| {})
        .expect("ingest");
    engine.finish_ingest().expect("finish");
    let stats = engine.stats().expect("stats");
    eprintln!(
        "corpus: {} articles, {} statements, ingested in {:.1} s",
        stats.documents,
        stats.statements,
        started.elapsed().as_secs_f64()
    );
    let options = WebOptions {
        per_minute: std::num::NonZeroU32::new(1_000_000).expect("nonzero"),
        burst: std::num::NonZeroU32::new(1_000_000).expect("nonzero"),
    };
    let site = Site::new(Arc::new(engine), None, None, &options).expect("site");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    rt.spawn(web::serve(listener, Arc::new(site), std::future::pending()));
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let get = |path: &str| {
        let url = format!("{base}{path}");
        rt.block_on(async {
            let res = client.get(&url).send().await.expect("request");
            assert!(res.status().is_success(), "{url}: {}", res.status());
            res.text().await.expect("body")
        })
    };
    let person = format!("/people/{}", PERSON.replace(' ', "%20"));
    let first = get(&person);
    assert!(
        first.contains(&format!("{PERSON_STATEMENTS} statements")),
        "the person has {PERSON_STATEMENTS} statements"
    );
    let statement = first
        .split("href=\"/statements/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|id| format!("/statements/{id}"))
        .expect("a statement link");
    let pages = [
        ("person page 1", person.clone()),
        ("person page 50", format!("{person}?page=50")),
        ("person, about budget", format!("{person}?about=budget")),
        ("api person page 1", format!("/api{person}")),
        ("statement in context", statement),
    ];
    println!("\n| page | bytes | p50 ms | p99 ms |\n|---|---:|---:|---:|");
    for (name, path) in &pages {
        let bytes = get(path).len();
        let times: Vec<Duration> = (0..requests)
            .map(|_| {
                let t = Instant::now();
                get(path);
                t.elapsed()
            })
            .collect();
        let (p50, p99) = percentiles(times);
        println!("| {name} | {bytes} | {p50:.2} | {p99:.2} |");
    }
    println!();
    c.bench_function("person page, 1,000 statements", |b| b.iter(|| get(&person)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(10));
    targets = bench
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
