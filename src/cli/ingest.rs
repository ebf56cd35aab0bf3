//! `whosaid ingest PATH...`: add articles (files, directories, JSON Lines) to the index.
//! Bad files and lines are reported with their path and line; the rest still goes in, and
//! the exit code says whether anything failed.
//!
//! Commits come in batches (`--commit-every` documents or `--commit-mb` MB of text); after
//! each, one line on stderr acknowledges what is durable: `committed N documents (through
//! ID)` means the first N documents read survive a crash or kill from then on.
//! Calls `corpus` (loading) and `engine`, through `super::common`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::common;
use crate::corpus::{self, LoadOptions};
use crate::engine::CommitPolicy;

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
    /// Commit (make durable, and acknowledge on stderr) after this many documents.
    #[arg(long, value_name = "DOCS", default_value_t = CommitPolicy::default().documents,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub commit_every: usize,
    /// Commit after this many megabytes of article text, if that comes first.
    #[arg(long, value_name = "MB", default_value_t = CommitPolicy::default().bytes / 1_000_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_mb: u64,
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
    let policy = CommitPolicy {
        documents: args.commit_every,
        bytes: args.commit_mb.saturating_mul(1_000_000),
    };
    let (mut reported, mut acknowledged) = (0, 0);
    let report = engine.ingest_with(loader, policy, |r| {
        bar.set_position(r.bytes);
        for failure in &r.failed[reported..] {
            bar.suspend(|| eprintln!("error: {failure}"));
        }
        reported = r.failed.len();
        if r.committed > acknowledged {
            acknowledged = r.committed;
            let through = r.committed_through.as_deref().unwrap_or("-");
            bar.suspend(|| eprintln!("committed {acknowledged} documents (through {through})"));
        }
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
