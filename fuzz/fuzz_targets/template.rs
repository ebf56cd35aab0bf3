//! Arbitrary bytes as a server's own template (the first byte picks which one), through
//! `whosaid::fuzzing::template`; a broken invariant is a crash.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whosaid::render::Renderer;

fn renderer() -> &'static Renderer {
    static RENDERER: OnceLock<Renderer> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::new(None).expect("the shipped templates"))
}

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = whosaid::fuzzing::template(renderer(), data) {
        panic!("{broken}");
    }
});
