//! The foundation benchmarks, on Reuters-21578 (read from `../shared`, never shipped):
//! - extraction throughput (`nlp::analyze`, one thread), in MB of article text per second;
//! - ingest throughput (analysis + indexing + commit) into a fresh index;
//! - `ask` latency over a fixed list of questions on an index of the corpus: criterion's
//!   estimate per question, and the median and 99th percentile over the whole list,
//!   printed at the end.
//!
//! Run: `cargo bench --bench foundation`. Set `WHOSAID_BENCH_ARTICLES` to change how many
//! articles are used (default 2000).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use whosaid::corpus::{load_paths, Document, LoadOptions};
use whosaid::engine::{Engine, EngineOptions};

const QUESTIONS: &[&str] = &[
    "What did the Federal Reserve say about interest rates?",
    "Who said the dollar would fall?",
    "What did Volcker say?",
    "When did the bank cut its prime rate?",
    "Who is James Baker?",
    "What did the Bundesbank say about the mark?",
    "What did OPEC say about oil prices?",
    "Who warned about protectionism?",
    "What is the latest from Reagan?",
    "What did Angela Merkel say?",
    "What did officials say about the trade deficit?",
    "Who said profits would rise?",
];

fn corpus() -> Option<Vec<Document>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/reuters21578/articles.jsonl");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    }
    let n: usize = std::env::var("WHOSAID_BENCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    Some(
        load_paths(&[path], &LoadOptions::default())
            .filter_map(Result::ok)
            .take(n)
            .collect(),
    )
}

fn open(dir: &std::path::Path) -> Engine {
    let mut opts = EngineOptions::new(dir);
    opts.sample_if_empty = false;
    Engine::open(opts).expect("open engine")
}

fn benches(c: &mut Criterion) {
    let Some(docs) = corpus() else { return };
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    eprintln!(
        "corpus: {} Reuters articles, {:.2} MB of text",
        docs.len(),
        bytes as f64 / 1e6
    );

    let mut g = c.benchmark_group("throughput");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("extract", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(whosaid::nlp::analyze(&d.text, d.published));
            }
        })
    });
    g.bench_function("ingest", |b| {
        b.iter_with_setup(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let engine = open(dir.path());
                engine
                    .ingest(docs.iter().cloned().map(Ok), |_| {})
                    .expect("ingest");
                engine.finish_ingest().expect("finish");
            },
        )
    });
    g.finish();

    let dir = tempfile::tempdir().expect("temp dir");
    let engine = open(dir.path());
    engine
        .ingest(docs.iter().cloned().map(Ok), |_| {})
        .expect("ingest");
    engine.finish_ingest().expect("finish");
    let mut g = c.benchmark_group("ask");
    for (i, q) in QUESTIONS.iter().enumerate() {
        g.bench_function(format!("q{i:02}"), |b| {
            b.iter(|| engine.ask(q).expect("ask"))
        });
    }
    g.finish();
    latency_summary(&engine);
}

/// Median and 99th percentile of `ask` over the whole question list, many rounds.
fn latency_summary(engine: &Engine) {
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..50 {
        for q in QUESTIONS {
            let t = Instant::now();
            std::hint::black_box(engine.ask(q).expect("ask"));
            times.push(t.elapsed());
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    eprintln!(
        "ask latency over {} answers: p50 {:.2} ms, p99 {:.2} ms",
        times.len(),
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
}

criterion_group!(foundation, benches);

fn main() {
    foundation();
    Criterion::default().configure_from_args().final_summary();
}
