//! Engines opened in-process on a test's own directory: empty, or over the sample corpus
//! (with the seed article dated as the test needs and its own articles besides), and how
//! tests compare the answers they render with what they expect.

use std::path::Path;

use whosaid::corpus::{sample, Document};
use whosaid::engine::{Engine, EngineOptions};

/// Options for an engine on `dir` that starts empty (no sample corpus) and analyses on the
/// calling thread: the other tests use the other cores.
pub fn options(dir: &Path) -> EngineOptions {
    EngineOptions {
        threads: 1,
        sample_if_empty: false,
        ..EngineOptions::new(dir)
    }
}

/// An engine on `dir` with [`options`]: empty until the test ingests, or what an earlier
/// run left there.
pub fn open(dir: &Path) -> Engine {
    Engine::open(options(dir)).unwrap_or_else(|e| panic!("the engine does not open: {e}"))
}

/// An engine on `dir` that indexes the sample corpus as a first run does, then `articles`.
pub fn with_sample(dir: &Path, articles: Vec<Document>) -> Engine {
    let engine = Engine::open(EngineOptions {
        sample_if_empty: true,
        ..options(dir)
    })
    .unwrap_or_else(|e| panic!("the engine does not open: {e}"));
    if !articles.is_empty() {
        if let Err(e) = engine.ingest(articles.into_iter().map(Ok), |_| {}) {
            panic!("test articles not indexed: {e}");
        }
    }
    engine
}

/// A fresh engine over the sample corpus with its seed article `published` that day (or
/// undated), and `articles` besides; the directory lives as long as the engine is used.
pub fn with_seed(
    published: Option<chrono::NaiveDate>,
    articles: Vec<Document>,
) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = open(dir.path());
    let mut docs = sample::documents();
    docs[0] = sample::seed_article(published);
    docs.extend(articles);
    engine
        .ingest(docs.into_iter().map(Ok), |_| {})
        .expect("ingest");
    (dir, engine)
}

/// An answer's text as tests compare it: lower case, typographic apostrophes straight.
pub fn fold(s: &str) -> String {
    s.to_lowercase().replace(['’', '‘'], "'")
}
