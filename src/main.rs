//! The `whosaid` command line: the binary edge, where errors become one clear line on
//! stderr and an exit code. Every command calls the library; see `cli/`.

use std::process::ExitCode;

fn main() -> ExitCode {
    whosaid::cli::main()
}
