//! `whosaid ingest PATH...`: add articles (files, directories, JSON Lines) to the index.
//! Bad files and lines are reported with their path and line; the rest still goes in, and
//! the exit code says whether anything failed.
//!
//! Commits come in batches (`--commit-every` documents or `--commit-mb` MB of text); after
//! each, one line on stderr acknowledges what is durable: `committed N documents (through
//! ID)` means the first N documents read survive a crash or kill from then on.
//!
//! With a PostgreSQL store (`[store] url` of `--config`, or `WHOSAID_STORE_URL`) the
//! articles go to the shared article log instead, acknowledged the same way once the log
//! has them; then this data directory's index catches up from the log (unless a running
//! `serve` holds it: that node's tailer takes them). Every other node's tailer takes them.
//! Calls `corpus` (loading), `config`, `article_log`, `store` and `engine`, through
//! `super::common`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::common;
use crate::article_log::{self, LogError, Tailer};
use crate::config::Config;
use crate::corpus::{self, Document, LoadOptions};
use crate::engine::{CommitPolicy, EngineError};
use crate::index::IndexError;
use crate::store::Store;

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
    /// The configuration file (TOML): its `[store] url` sends the articles to the
    /// PostgreSQL article log. Default: none.
    #[arg(long, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    corpus::parse_published(s)
}

pub fn run(data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    if let Some(url) = config.store_url() {
        return run_logged(url, data_dir, args);
    }
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

/// `ingest` with a PostgreSQL store: append to the article log in batches, then bring this
/// data directory's index up to the log.
fn run_logged(url: &str, data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    let store = Arc::new(Store::open_postgres(url).context("cannot open the PostgreSQL store")?);
    let loader = corpus::load_paths(
        &args.paths,
        &LoadOptions {
            published: args.published,
        },
    );
    let bar = common::bytes_bar(loader.bytes_total(), "appending to the article log");
    let mut log = LogBatches {
        store: &store,
        batch: Vec::new(),
        batch_bytes: 0,
        read: 0,
        appended: 0,
        unchanged: 0,
    };
    let mut failed = 0;
    for item in loader {
        match item {
            Ok(doc) => {
                bar.inc(doc.text.len() as u64);
                log.push(doc);
                if log.batch.len() >= args.commit_every
                    || log.batch_bytes >= args.commit_mb.saturating_mul(1_000_000)
                {
                    log.flush(&bar)?;
                }
            }
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("error: {e}"));
            }
        }
    }
    log.flush(&bar)?;
    bar.finish_and_clear();
    eprintln!(
        "Appended {} document{} to the article log ({} already there){}.",
        log.appended,
        if log.appended == 1 { "" } else { "s" },
        log.unchanged,
        if failed == 0 {
            String::new()
        } else {
            format!("; {failed} could not be read (see above)")
        }
    );
    index_from_log(store, data_dir, args.threads)?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Documents read and not yet in the log, and what the log said so far.
struct LogBatches<'a> {
    store: &'a Store,
    batch: Vec<Document>,
    batch_bytes: u64,
    read: usize,
    appended: usize,
    unchanged: usize,
}

impl LogBatches<'_> {
    fn push(&mut self, doc: Document) {
        self.batch_bytes += doc.text.len() as u64;
        self.batch.push(doc);
    }

    /// Append the batch in one transaction and acknowledge it.
    fn flush(&mut self, bar: &indicatif::ProgressBar) -> Result<()> {
        let Some(last) = self.batch.last().map(|d| d.id.to_string()) else {
            return Ok(());
        };
        let done = article_log::append(self.store, &self.batch)?;
        self.read += self.batch.len();
        self.appended += done.appended;
        self.unchanged += done.unchanged;
        self.batch.clear();
        self.batch_bytes = 0;
        let read = self.read;
        bar.suspend(|| eprintln!("committed {read} documents to the article log (through {last})"));
        Ok(())
    }
}

/// Catch this data directory's index up with the log, unless a running `serve` holds it.
fn index_from_log(store: Arc<Store>, data_dir: PathBuf, threads: Option<u16>) -> Result<()> {
    let mut opts = crate::engine::EngineOptions::new(&data_dir);
    if let Some(threads) = threads {
        opts.threads = threads as usize;
    }
    let engine = Arc::new(common::open_with(opts, false)?);
    let mut tailer = Tailer::new(store, engine.clone());
    match tailer.catch_up() {
        Ok(n) => eprintln!(
            "Indexed {n} article log entr{} into {}.",
            if n == 1 { "y" } else { "ies" },
            data_dir.display()
        ),
        Err(LogError::Engine(EngineError::Index(IndexError::Locked(_)))) => eprintln!(
            "The index in {} is in use by a running whosaid, which takes the articles from the log.",
            data_dir.display()
        ),
        Err(e) => return Err(e.into()),
    }
    engine.finish_ingest()?;
    Ok(())
}
