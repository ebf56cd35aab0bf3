//! `whosaid extract [PATH...]`: articles in (the files `ingest` reads: `.txt`, `.md` with
//! front matter, `.jsonl`, directories; or JSON Lines on stdin), statements out, one JSON
//! line per article in the format of the design notes.
//! As for `ingest`, bad files and lines are reported on stderr with their path and line, the
//! rest is still extracted, and the exit code says whether anything failed.
//! Calls `corpus` (loading) and `nlp`, and `super::common` for the progress bar.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use indicatif::ProgressBar;

use super::common;
use crate::corpus::loader::parse_jsonl_line;
use crate::corpus::{self, Document, JsonLines, LoadError, LoadOptions};
use crate::nlp;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files (.txt, .md, .jsonl) or directories (searched recursively); `-` or
    /// nothing reads JSON Lines articles from stdin.
    pub paths: Vec<PathBuf>,
}

/// The extract record of one JSON Lines article, as one line of JSON (no line end): what
/// `whosaid extract` prints for it, and what `whosaid eval extract` scores. `Err` says why
/// the line is not an article.
pub fn record(line: &str, opts: &LoadOptions) -> Result<String, String> {
    record_of(&parse_jsonl_line(line, opts)?)
}

/// The extract record of one article, as one line of JSON (no line end).
pub fn record_of(doc: &Document) -> Result<String, String> {
    let analysis = nlp::analyze(&doc.text, doc.published);
    let record = nlp::export::article(doc.id.as_str(), &doc.text, &analysis);
    serde_json::to_string(&record).map_err(|e| format!("cannot write the record: {e}"))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let opts = LoadOptions::default();
    let is_stdin = |p: &PathBuf| p.as_os_str() == "-";
    let mut out = Records {
        out: BufWriter::new(io::stdout().lock()),
        failed: 0,
        bar: ProgressBar::hidden(),
    };
    match args.paths.as_slice() {
        [] => out.extract_stdin(&opts)?,
        [p] if is_stdin(p) => out.extract_stdin(&opts)?,
        paths if paths.iter().any(is_stdin) => bail!(
            "`-` (JSON Lines on stdin) cannot be mixed with paths: give the files, or pipe them in"
        ),
        paths => {
            let mut loader = corpus::load_paths(paths, &opts);
            // The records go to stdout: on a terminal they are the progress.
            if !io::stdout().is_terminal() {
                out.bar = common::bytes_bar(loader.bytes_total(), "extracting");
            }
            while let Some(item) = loader.next() {
                out.take(item)?;
                out.bar.set_position(loader.bytes_done());
            }
            out.bar.finish_and_clear();
        }
    }
    out.out.flush()?;
    Ok(if out.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Where records go, and how many articles could not be read.
struct Records<W> {
    out: W,
    failed: usize,
    bar: ProgressBar,
}

impl<W: Write> Records<W> {
    fn extract_stdin(&mut self, opts: &LoadOptions) -> Result<()> {
        for item in JsonLines::new("<stdin>", io::stdin().lock(), opts) {
            self.take(item)?;
        }
        Ok(())
    }

    /// Print the record of an article, or report why it is none. `Err` only when stdout
    /// cannot be written.
    fn take(&mut self, item: Result<Document, LoadError>) -> Result<()> {
        let json = item
            .map_err(|e| e.to_string())
            .and_then(|doc| record_of(&doc).map_err(|msg| format!("article {}: {msg}", doc.id)));
        match json {
            Ok(json) => {
                self.out.write_all(json.as_bytes())?;
                self.out.write_all(b"\n")?;
            }
            Err(msg) => {
                self.bar.suspend(|| eprintln!("error: {msg}"));
                self.failed += 1;
            }
        }
        Ok(())
    }
}
