//! The `whosaid` command line: the binary edge, where errors become one clear line on
//! stderr and an exit code. Every command calls the library; see `cli/`.

use std::process::ExitCode;

/// mimalloc: extraction and indexing make millions of small, short-lived allocations
/// (tokens, names, terms), where glibc's malloc spent a fifth of extraction's instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    whosaid::cli::main()
}
