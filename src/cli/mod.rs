//! The command line: clap definitions, tracing set-up and one function per command. Thin:
//! each command parses its arguments and calls the library.

mod ask;
mod backup;
mod bench;
mod chart;
mod chat;
mod common;
mod config;
mod docs;
mod eval;
mod extract;
mod feeds;
mod ingest;
mod invite;
mod restore;
mod serve;
mod stats;
mod web;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{Config, LogFormat};

/// whosaid: who said what, and when, in the news.
#[derive(Parser, Debug)]
#[command(name = "whosaid", version, about)]
pub struct Cli {
    /// The data directory (index and state). Default: the platform's data directory.
    #[arg(long, global = true, env = "WHOSAID_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add articles (.txt, .md with front matter, .jsonl, directories) to the index.
    Ingest(ingest::Args),
    /// Follow feeds and poll them into the index.
    Feeds(feeds::Args),
    /// Answer a question, as the bot would.
    Ask(ask::Args),
    /// Draw a person's statements over time: whosaid chart "Mark Rutte" --out rutte.png
    Chart(chart::Args),
    /// Ask questions interactively.
    Chat,
    /// Print each article's statements as JSON Lines (.txt, .md, .jsonl, directories, stdin).
    Extract(extract::Args),
    /// Measure ourselves: score extraction or answers as the reference scorers do.
    Eval(eval::Args),
    /// Run the Discord bot (token from DISCORD_TOKEN) until SIGTERM or Ctrl-C.
    Serve(serve::Args),
    /// Hide documents everywhere (every server's answers and the explorer): hide, unhide, hidden.
    Docs(docs::Args),
    /// Write a commented configuration file (`init`), or validate one (`check`).
    Config(config::Args),
    /// Print the link that adds the bot to a server, with the permissions it uses.
    Invite(invite::Args),
    /// Copy the state database and the index into DIR, consistently, while `serve` runs.
    Backup(backup::Args),
    /// Put a backup (from `whosaid backup`) into the data directory; `serve` must be stopped.
    Restore(restore::Args),
    /// Benchmark: generate a corpus, time extraction, ingest and questions, write the report.
    Bench(bench::Args),
    /// Serve the statement explorer (read-only web pages) until SIGTERM or Ctrl-C.
    Web(web::Args),
    /// What the index holds: documents, statements, speakers, dates, size.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Parse the command line, run the command, and turn any error into one line on stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(log_format(&cli.command));
    let data_dir_flag = cli.data_dir.clone();
    if matches!(
        cli.command,
        Command::Serve(_) | Command::Web(_) | Command::Chat | Command::Ask(_)
    ) {
        common::serving_memory();
    }
    let result = common::data_dir(cli.data_dir).and_then(|dir| match cli.command {
        Command::Ingest(args) => ingest::run(dir, args),
        Command::Feeds(args) => feeds::run(args, data_dir_flag, dir),
        Command::Ask(args) => ask::run(dir, args),
        Command::Chart(args) => chart::run(dir, args),
        Command::Chat => chat::run(dir),
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(dir, args),
        Command::Serve(args) => serve::run(args, data_dir_flag, dir),
        Command::Stats { json } => stats::run(dir, json),
        Command::Bench(args) => bench::run(dir, args),
        Command::Invite(args) => invite::run(args),
        Command::Backup(args) => backup::run(args, data_dir_flag, dir),
        Command::Restore(args) => restore::run(args, data_dir_flag, dir),
        Command::Config(args) => config::run(args),
        Command::Web(args) => web::run(args, data_dir_flag, dir),
        Command::Docs(args) => docs::run(args, data_dir_flag, dir),
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `[log] format` of the configuration the command reads (its `--config`, else
/// `WHOSAID_CONFIG`); text when there is none, or when it cannot be read (the command then
/// says why).
fn log_format(command: &Command) -> LogFormat {
    let path = match command {
        Command::Serve(args) => args.config.as_deref(),
        Command::Feeds(args) => args.config.as_deref(),
        Command::Invite(args) => args.config.as_deref(),
        Command::Backup(args) => args.config.as_deref(),
        Command::Restore(args) => args.config.as_deref(),
        Command::Ingest(args) => args.config.as_deref(),
        Command::Web(args) => args.config.as_deref(),
        Command::Docs(args) => args.config.as_deref(),
        _ => None,
    };
    Config::load(path).map_or(LogFormat::Text, |c| c.log.format)
}

/// Logs go to stderr, filtered by `RUST_LOG` (warnings and errors by default), as text or
/// as one JSON object a line.
fn init_tracing(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => logs.try_init(),
        LogFormat::Json => logs.json().try_init(),
    };
}
