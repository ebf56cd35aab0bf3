//! Arbitrary bytes through `whosaid::fuzzing::loaders`; a broken invariant is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = whosaid::fuzzing::loaders(data) {
        panic!("{broken}");
    }
});
