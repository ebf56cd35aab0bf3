//! Arbitrary bytes as a chat question to an engine over the sample corpus, through
//! `whosaid::fuzzing::question`; a broken invariant is a crash.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tempfile::TempDir;
use whosaid::Engine;

/// Built once per process: opening indexes the sample corpus.
fn engine() -> &'static (TempDir, Engine) {
    static ENGINE: OnceLock<(TempDir, Engine)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory for the index");
        let engine = whosaid::fuzzing::sample_engine(dir.path()).expect("the sample engine");
        (dir, engine)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = whosaid::fuzzing::question(&engine().1, data) {
        panic!("{broken}");
    }
});
