//! `whosaid bench …`: the performance benchmark's steps, each printing its measurement as
//! one JSON line on stdout (`scripts/bench.sh` runs them all and writes
//! `docs/performance.md` with `bench report`).
//! Calls `bench`, `corpus`, `nlp` and `engine`.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use super::common;
use crate::bench::generate::{write_corpus, Pool};
use crate::bench::measure::{
    mapped_rss_by_extension_mb, peak_rss_mb, percentile, process_cpu, rss_split_mb, thread_cpu,
    MemorySampler,
};
use crate::bench::questions::{self, Collector, Kind};
use crate::bench::report::{self, Ask, Extract, Ingest, Results};
use crate::corpus::{self, LoadOptions};
use crate::engine::{Engine, EngineOptions};
use crate::nlp;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Write N generated articles to OUT (JSON Lines) and the question mix to
    /// OUT.questions.tsv.
    Generate {
        n: u64,
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The shared corpora folder (Reuters-21578 and PolNeAR are read from it).
        #[arg(long, default_value = "../shared/corpora")]
        corpora: PathBuf,
    },
    /// Time extraction alone (`nlp::analyze`) on the calling thread over the first N
    /// articles of FILE.
    Extract {
        file: PathBuf,
        #[arg(long, default_value_t = 1000)]
        n: usize,
    },
    /// Ingest FILE into the data directory (which should be empty) and time it.
    Ingest {
        file: PathBuf,
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=256))]
        threads: u16,
    },
    /// Open the data directory and answer the questions of QUESTIONS (a questions file).
    Ask {
        questions: PathBuf,
        /// Passes answered before the measured one (1 measures a warm index).
        #[arg(long, default_value_t = 0)]
        warmup: usize,
        /// What the measured pass is called in the report.
        #[arg(long, default_value = "warm")]
        label: String,
    },
    /// Turn a results directory into markdown (docs/performance.md) on stdout.
    Report {
        results: PathBuf,
        /// The command that regenerates the report, as the report should name it.
        #[arg(long, default_value = "scripts/bench.sh")]
        command: String,
        /// Markdown appended as written (the profile notes).
        #[arg(long)]
        notes: Option<PathBuf>,
    },
}

pub fn run(data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    let json = match args.command {
        Command::Generate {
            n,
            out,
            seed,
            corpora,
        } => generate(n, &out, seed, &corpora)?,
        Command::Extract { file, n } => serde_json::to_string(&extract(&file, n)?)?,
        Command::Ingest { file, threads } => {
            serde_json::to_string(&ingest(data_dir, &file, threads.into())?)?
        }
        Command::Ask {
            questions,
            warmup,
            label,
        } => serde_json::to_string(&ask(data_dir, &questions, warmup, label)?)?,
        Command::Report {
            results,
            command,
            notes,
        } => {
            let notes = match notes {
                Some(p) => std::fs::read_to_string(&p)
                    .with_context(|| format!("cannot read {}", p.display()))?,
                None => String::new(),
            };
            let r = Results::read(&results)?;
            print!("{}", report::render(&r, &command, &notes));
            return Ok(ExitCode::SUCCESS);
        }
    };
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}

fn generate(n: u64, out: &Path, seed: u64, corpora: &Path) -> Result<String> {
    let started = Instant::now();
    let pool = Pool::load(corpora)?;
    let file = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut w = BufWriter::new(file);
    let mut collector = Collector::default();
    let bytes = write_corpus(&pool, seed, n, &mut w, |i, a| collector.add(i, a))?;
    let qpath = questions_path(out);
    let mut q = BufWriter::new(
        File::create(&qpath).with_context(|| format!("cannot create {}", qpath.display()))?,
    );
    for question in collector.questions(&pool, seed) {
        writeln!(q, "{question}")?;
    }
    q.flush()?;
    Ok(serde_json::json!({
        "articles": n, "mb": bytes as f64 / 1e6, "seed": seed,
        "seconds": started.elapsed().as_secs_f64(),
        "questions": qpath.display().to_string(),
    })
    .to_string())
}

/// `corpus.jsonl` → `corpus.jsonl.questions.tsv`.
pub fn questions_path(corpus: &Path) -> PathBuf {
    let mut s = corpus.as_os_str().to_owned();
    s.push(".questions.tsv");
    PathBuf::from(s)
}

fn extract(file: &Path, n: usize) -> Result<Extract> {
    let docs: Vec<corpus::Document> =
        corpus::load_paths(&[file.to_path_buf()], &LoadOptions::default())
            .filter_map(Result::ok)
            .take(n)
            .collect();
    let mb = docs.iter().map(|d| d.text.len()).sum::<usize>() as f64 / 1e6;
    let (Some(c0), t0) = (thread_cpu(), Instant::now()) else {
        bail!("cannot read this thread's CPU time from /proc (the benchmark needs Linux)");
    };
    let mut statements = 0;
    for d in &docs {
        statements += std::hint::black_box(nlp::analyze(&d.text, d.published))
            .statements
            .len();
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = thread_cpu().map_or(0.0, |c| (c - c0).as_secs_f64());
    tracing::info!(statements, "extracted");
    Ok(Extract {
        articles: docs.len() as u64,
        mb,
        cpu_s: cpu,
        wall_s: wall,
        mb_per_cpu_s: if cpu > 0.0 { mb / cpu } else { 0.0 },
    })
}

fn ingest(data_dir: PathBuf, file: &Path, threads: usize) -> Result<Ingest> {
    let mut opts = EngineOptions::new(&data_dir);
    opts.threads = threads;
    let engine = common::open_with(opts, false)?;
    if !engine.is_empty()? {
        bail!(
            "{} already holds an index: give an empty --data-dir so the ingest is measured alone",
            data_dir.display()
        );
    }
    let sampler = MemorySampler::start();
    let c0 = process_cpu().unwrap_or_default();
    let t0 = Instant::now();
    let loader = corpus::load_paths(&[file.to_path_buf()], &LoadOptions::default());
    let report = engine.ingest(loader, |_| {})?;
    engine.finish_ingest()?;
    let wall = t0.elapsed().as_secs_f64();
    let cpu = process_cpu().unwrap_or_default().saturating_sub(c0);
    if !report.failed.is_empty() {
        bail!(
            "{} articles could not be read, first: {}",
            report.failed.len(),
            report.failed[0]
        );
    }
    Ok(Ingest {
        articles: report.documents as u64,
        statements: report.statements as u64,
        threads,
        mb: report.bytes as f64 / 1e6,
        wall_s: wall,
        cpu_s: cpu.as_secs_f64(),
        index_bytes: engine.stats()?.index_bytes,
        peak_rss_mb: peak_rss_mb(),
        peak_anon_mb: sampler.finish(),
    })
}

fn ask(data_dir: PathBuf, path: &Path, warmup: usize, label: String) -> Result<Ask> {
    let qs: Vec<questions::Question> = BufReader::new(
        File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
    )
    .lines()
    .map_while(Result::ok)
    .filter_map(|l| questions::parse_line(&l))
    .collect();
    if qs.is_empty() {
        bail!(
            "{} holds no questions: write it with `whosaid bench generate`",
            path.display()
        );
    }
    // As the commands that answer start (`cli::main`).
    common::serving_memory();
    let sampler = MemorySampler::start();
    let t0 = Instant::now();
    let mut opts = EngineOptions::new(&data_dir);
    opts.sample_if_empty = false;
    let engine = Engine::open(opts)?;
    // As `serve` starts: the tables built, the name key dictionary building meanwhile.
    engine.warm();
    let open_ms = t0.elapsed().as_secs_f64() * 1e3;
    for _ in 0..warmup {
        for q in &qs {
            engine.ask(&q.text)?;
        }
    }
    if warmup > 0 {
        // A warm service has its name key dictionary built.
        engine.warm_fully()?;
    }
    let mut times: Vec<(Kind, f64)> = Vec::with_capacity(qs.len());
    let mut cpu: Vec<f64> = Vec::with_capacity(qs.len());
    let mut answered = 0;
    for q in &qs {
        let (c, t) = (thread_cpu(), Instant::now());
        let a = engine.ask(&q.text)?;
        times.push((q.kind, t.elapsed().as_secs_f64() * 1e3));
        if let (Some(c0), Some(c1)) = (c, thread_cpu()) {
            cpu.push((c1 - c0).as_secs_f64() * 1e3);
        }
        answered += usize::from(!a.statements.is_empty() || !a.passages.is_empty());
    }
    let all: Vec<f64> = times.iter().map(|t| t.1).collect();
    let by_kind = Kind::ALL
        .iter()
        .filter_map(|k| {
            let v: Vec<f64> = times.iter().filter(|t| t.0 == *k).map(|t| t.1).collect();
            Some((
                k.as_str().to_string(),
                (percentile(&v, 50.0)?, percentile(&v, 99.0)?),
            ))
        })
        .collect();
    Ok(Ask {
        label,
        questions: qs.len(),
        answered,
        open_ms,
        p50_ms: percentile(&all, 50.0).unwrap_or_default(),
        p99_ms: percentile(&all, 99.0).unwrap_or_default(),
        max_ms: percentile(&all, 100.0).unwrap_or_default(),
        cpu_p50_ms: percentile(&cpu, 50.0).unwrap_or_default(),
        cpu_p99_ms: percentile(&cpu, 99.0).unwrap_or_default(),
        by_kind,
        peak_rss_mb: peak_rss_mb(),
        peak_anon_mb: sampler.finish(),
        rss_anon_mb: rss_split_mb().map(|r| r.0),
        rss_file_mb: rss_split_mb().map(|r| r.1),
        rss_file_by_ext_mb: mapped_rss_by_extension_mb(),
        limited: false,
    })
}
