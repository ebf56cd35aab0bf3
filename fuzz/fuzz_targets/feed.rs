//! Arbitrary bytes through `whosaid::fuzzing::feed`; a broken invariant is a crash.
//!
//! The feed parser runs the feed libraries under `catch_unwind` (`feeds::parse`): a panic
//! inside them is read around and reported, as in production. libFuzzer's panic hook would
//! abort on it before it unwinds, so the hook is quiet here; a panic nothing catches still
//! unwinds to libfuzzer-sys, which aborts, and is a crash as before.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static QUIET_PANICS: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if let Err(broken) = whosaid::fuzzing::feed(data) {
        panic!("{broken}");
    }
});
