//! `whosaid extract [FILE]`: articles in (JSON Lines, or stdin), statements out, one JSON
//! line per article in the format of the design notes.
//! Calls `corpus` (loading) and `nlp`.

use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::corpus::loader::{parse_jsonl_line, read_line};
use crate::corpus::LoadOptions;
use crate::nlp;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Articles as JSON Lines; `-` or nothing reads stdin.
    pub file: Option<PathBuf>,
}

/// The extract record of one JSON Lines article, as one line of JSON (no line end): what
/// `whosaid extract` prints for it, and what `whosaid eval extract` scores. `Err` says why
/// the line is not an article.
pub fn record(line: &str, opts: &LoadOptions) -> Result<String, String> {
    let doc = parse_jsonl_line(line, opts)?;
    let analysis = nlp::analyze(&doc.text, doc.published);
    let record = nlp::export::article(doc.id.as_str(), &doc.text, &analysis);
    serde_json::to_string(&record).map_err(|e| format!("cannot write the record: {e}"))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut input: Box<dyn BufRead> = match args.file.as_deref() {
        None => Box::new(BufReader::new(io::stdin().lock())),
        Some(p) if p.as_os_str() == "-" => Box::new(BufReader::new(io::stdin().lock())),
        Some(p) => Box::new(BufReader::new(
            std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        )),
    };
    let name = args
        .file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<stdin>".to_string());
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = 0usize;
    let opts = LoadOptions::default();
    let mut buf = Vec::new();
    for n in 0.. {
        let read = read_line(&mut input, &mut buf)
            .with_context(|| format!("{name}:{}: cannot read", n + 1))?;
        let Some(read) = read else { break };
        let line = match read.text(&buf) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => line,
            Err(msg) => {
                eprintln!("{name}:{}: {msg}", n + 1);
                failed += 1;
                continue;
            }
        };
        match record(line, &opts) {
            Ok(json) => {
                out.write_all(json.as_bytes())?;
                out.write_all(b"\n")?;
            }
            Err(msg) => {
                eprintln!("{name}:{}: {msg}", n + 1);
                failed += 1;
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
