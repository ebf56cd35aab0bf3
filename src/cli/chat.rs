//! `whosaid chat`: an interactive prompt for trying questions, answered as the bot would.
//! Calls `super::common` and the engine it opens.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::common;

pub fn run(data_dir: PathBuf) -> Result<ExitCode> {
    let engine = common::open(data_dir, None, true)?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    writeln!(out, "Ask who said what (empty line or Ctrl-D to quit). Try: What did the Kremlin say about the summit?")?;
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        match engine.ask(&line) {
            Ok(answer) => writeln!(out, "{}\n", engine.render(&answer))?,
            Err(e) => writeln!(out, "{e}\n")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
