//! Every input under `tests/fuzz_regressions/<target>/` (crashes and hangs the fuzzers in
//! `fuzz/` found, and hand-made nasty inputs) replayed on stable through the same
//! `whosaid::fuzzing` entry point its fuzz target calls. A panic, a broken invariant or an
//! input that takes over a minute fails the test and names the file.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use whosaid::fuzzing::{self, Verdict};
use whosaid::render::Renderer;

/// Far above what any input takes: only a hang gets near it.
const HANG: Duration = Duration::from_secs(60);

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "{}: expected a handful of inputs, found {}",
        dir.display(),
        files.len()
    );
    files
}

/// Run `check` over every input of `target` on a worker thread, one at a time, and fail
/// with every input that panicked, broke an invariant or hung.
fn replay(target: &str, check: impl Fn(&[u8]) -> Verdict + Send + 'static) {
    let files = inputs(target);
    let (tx, rx) = mpsc::channel();
    let work = files.clone();
    std::thread::spawn(move || {
        for path in work {
            let bytes = std::fs::read(&path).expect("a readable input");
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)))
                .unwrap_or_else(|_| Err("panicked".to_string()));
            if tx.send(outcome).is_err() {
                return;
            }
        }
    });
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match rx.recv_timeout(HANG) {
            Ok(Ok(())) => {}
            Ok(Err(broken)) => failures.push(format!("{target}/{name}: {broken}")),
            Err(_) => {
                failures.push(format!("{target}/{name}: no result within {HANG:?}"));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn loader_inputs_are_read_or_refused() {
    replay("loaders", fuzzing::loaders);
}

#[test]
fn feed_inputs_are_parsed_or_refused() {
    replay("feed", fuzzing::feed);
}

#[test]
fn extractor_spans_stay_on_char_boundaries_for_hostile_text() {
    replay("extract", fuzzing::extract);
}

#[test]
fn hostile_questions_are_answered_or_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let engine = Arc::new(fuzzing::sample_engine(dir.path()).expect("the sample engine"));
    replay("question", move |data| fuzzing::question(&engine, data));
}

#[test]
fn hostile_server_templates_are_refused_or_render_within_limits() {
    let renderer = Renderer::new(None).expect("the shipped templates");
    replay("template", move |data| fuzzing::template(&renderer, data));
}
