//! `whosaid ingest PATH...`: add articles (files, directories, JSON Lines) to the index.
//! Bad files and lines are reported with their path and line; the rest still goes in, and
//! the exit code says whether anything failed.
//! Calls `corpus` (loading) and `engine`, through `super::common`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::common;
use crate::corpus::{self, LoadOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Article files (.txt, .md, .jsonl) or directories (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The publication date of articles that carry none (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub published: Option<NaiveDate>,
    /// Threads that analyse articles (default: one per core).
    #[arg(long, env = "WHOSAID_THREADS", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    corpus::parse_published(s)
}

pub fn run(data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    let mut opts = crate::engine::EngineOptions::new(&data_dir);
    if let Some(threads) = args.threads {
        opts.threads = threads as usize;
    }
    let engine = common::open_with(opts, false)?;
    let loader = corpus::load_paths(
        &args.paths,
        &LoadOptions {
            published: args.published,
        },
    );
    let bar = common::bytes_bar(loader.bytes_total(), "ingesting");
    let mut reported = 0;
    let report = engine.ingest(loader, |r| {
        bar.set_position(r.bytes);
        for failure in &r.failed[reported..] {
            bar.suspend(|| eprintln!("error: {failure}"));
        }
        reported = r.failed.len();
    })?;
    engine.finish_ingest()?;
    bar.finish_and_clear();
    eprintln!(
        "Ingested {} document{} ({} statements, {:.1} MB){}.",
        report.documents,
        if report.documents == 1 { "" } else { "s" },
        report.statements,
        report.bytes as f64 / 1e6,
        if report.failed.is_empty() {
            String::new()
        } else {
            format!("; {} could not be read (see above)", report.failed.len())
        }
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
