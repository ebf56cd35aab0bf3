//! Arbitrary bytes through `whosaid::fuzzing::feed`; a broken invariant is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = whosaid::fuzzing::feed(data) {
        panic!("{broken}");
    }
});
