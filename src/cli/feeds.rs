//! `whosaid feeds add|list|remove|poll`: manage followed feeds and poll them into the
//! index. Thin: parses arguments and calls `feeds` and `store`. Posts that polling queues
//! wait in the outbox of the state store (`state.sqlite` in the data directory, or the
//! PostgreSQL database of `[store] url`) for the bot's delivery worker; nothing here
//! talks to Discord.
//!
//! Hosts exempt from the address policy are `[feeds] allow_hosts` of the configuration
//! file (`--config`, `WHOSAID_CONFIG`) plus any `--allow-host` or `WHOSAID_ALLOW_HOSTS`
//! (comma-separated); a new feed's interval defaults to `[feeds] poll_interval_secs`, and
//! the data directory to the configuration's when `--data-dir` is not given.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Subcommand;

use super::common;
use crate::config::Config;
use crate::feeds::{AllowHosts, FeedUrl, FetchOptions, Fetcher, PollOptions, PollOutcome, Poller};
use crate::store::{self, Feed, NewFeed, Store};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The configuration file (TOML). Default: none, every setting at its default.
    #[arg(long, global = true, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,

    /// A host exempt from the refusal of loopback and private addresses (repeatable, or
    /// comma-separated in WHOSAID_ALLOW_HOSTS).
    #[arg(
        long = "allow-host",
        global = true,
        env = "WHOSAID_ALLOW_HOSTS",
        value_delimiter = ','
    )]
    pub allow_hosts: Vec<String>,

    #[command(subcommand)]
    pub command: FeedsCommand,
}

#[derive(Subcommand, Debug)]
pub enum FeedsCommand {
    /// Follow a feed (RSS, Atom or JSON Feed). Its first poll indexes but posts nothing.
    Add {
        url: String,
        /// Seconds between polls (default: `[feeds] poll_interval_secs`, else 300).
        #[arg(long)]
        interval: Option<i64>,
    },
    /// The followed feeds, with their state, failures and why a feed is paused.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Stop following a feed (by URL or id); its documents stay in the index.
    Remove { feed: String },
    /// Resume a paused feed (by URL or id).
    Resume { feed: String },
    /// Poll feeds into the index: the due ones, repeatedly, until interrupted; with
    /// `--once`, every unpaused feed once, now.
    Poll {
        #[arg(long)]
        once: bool,
    },
}

/// `data_dir_flag` is `--data-dir`/`WHOSAID_DATA_DIR` as given; `default_dir` is where the
/// data goes when neither it nor the configuration names a directory.
pub fn run(args: Args, data_dir_flag: Option<PathBuf>, default_dir: PathBuf) -> Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    let data_dir = data_dir_flag
        .or_else(|| config.data_dir().map(PathBuf::from))
        .unwrap_or(default_dir);
    let _in_use = crate::backup::DataDirLock::shared(&data_dir)?; // `restore` waits for us
    let allow = AllowHosts::new(config.feeds.allow_hosts.iter().chain(&args.allow_hosts));
    let store = Store::open_configured(config.store_url(), &data_dir)?;
    match args.command {
        FeedsCommand::Add { url, interval } => {
            let interval = interval.unwrap_or(config.feeds.poll_interval_secs as i64);
            if interval < 1 {
                bail!("--interval must be at least 1 second");
            }
            let url = FeedUrl::parse(&url, &allow).map_err(anyhow::Error::msg)?;
            let feed = store.add_feed(
                NewFeed {
                    url: url.as_str(),
                    poll_interval_secs: interval,
                },
                store::now(),
            )?;
            say(format!(
                "Following feed {} ({}); it is polled next by `whosaid feeds poll`.",
                feed.id, feed.url
            ));
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::List { json } => {
            let feeds = store.feeds()?;
            if json {
                say(serde_json::to_string_pretty(&feeds)?);
            } else if feeds.is_empty() {
                say("No feeds are followed. Add one with `whosaid feeds add URL`.".to_string());
            } else {
                for f in &feeds {
                    say(describe(f, store.item_count(f.id)?));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Remove { feed } => {
            let f = find(&store, &feed)?;
            store.remove_feed(f.id)?;
            say(format!("Stopped following {} ({}).", f.id, f.url));
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Resume { feed } => {
            let f = find(&store, &feed)?;
            store.set_feed_paused(f.id, None, store::now())?;
            say(format!("Resumed {} ({}).", f.id, f.url));
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Poll { once } => poll(data_dir, store, allow, once),
    }
}

/// A line on stdout; a closed pipe (`| head`) ends output quietly instead of panicking.
fn say(line: String) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn find(store: &Store, which: &str) -> Result<Feed> {
    if let Ok(id) = which.trim().parse::<i64>() {
        return Ok(store.feed(id)?);
    }
    let norm = url::Url::parse(which.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| which.trim().to_string());
    match store.feed_by_url(&norm)? {
        Some(f) => Ok(f),
        None => bail!("no followed feed is {which:?}: see `whosaid feeds list`"),
    }
}

fn when(t: Option<i64>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".to_string())
}

fn describe(f: &Feed, items: i64) -> String {
    let state = if f.paused {
        format!(
            "PAUSED: {}",
            f.paused_reason
                .as_deref()
                .unwrap_or("paused by a moderator")
        )
    } else if f.failures > 0 {
        format!(
            "failing ({} in a row: {}); next try {}",
            f.failures,
            f.last_error.as_deref().unwrap_or("?"),
            when(Some(f.next_poll))
        )
    } else {
        let note = f
            .last_error
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        format!("ok{note}; next poll {}", when(Some(f.next_poll)))
    };
    format!(
        "{:>3}  {}\n     {}{} items; last fetch {}; every {} s; {}",
        f.id,
        f.url,
        f.title
            .as_deref()
            .map(|t| format!("{t}; "))
            .unwrap_or_default(),
        items,
        when(f.last_fetch),
        f.poll_interval_secs,
        state
    )
}

fn poll(data_dir: PathBuf, store: Store, allow: AllowHosts, once: bool) -> Result<ExitCode> {
    let engine = Arc::new(common::open(data_dir, None, false)?);
    let store = Arc::new(store);
    let fetcher = Fetcher::new(FetchOptions {
        allow_hosts: allow,
        ..FetchOptions::default()
    })?;
    let poller = Poller::new(
        store.clone(),
        engine.clone(),
        fetcher,
        PollOptions::default(),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let code = rt.block_on(async {
        if once {
            let now = store::now();
            let mut failed = false;
            let feeds: Vec<Feed> = store.feeds()?.into_iter().filter(|f| !f.paused).collect();
            if feeds.is_empty() {
                eprintln!("No unpaused feeds to poll. Add one with `whosaid feeds add URL`.");
            }
            for feed in feeds {
                let outcome = poller.poll(&feed, now).await;
                failed |= matches!(outcome, PollOutcome::Failed { .. });
                say(format!("{} {}: {}", feed.id, feed.url, outcome.describe()));
            }
            return anyhow::Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            });
        }
        let (tx, rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("Stopping after the current poll…");
                let _ = tx.send(true);
            }
        });
        poller
            .run(Duration::from_secs(60), rx, |feed, outcome| {
                say(format!("{} {}: {}", feed.id, feed.url, outcome.describe()))
            })
            .await?;
        anyhow::Ok(ExitCode::SUCCESS)
    })?;
    engine.finish_ingest()?;
    Ok(code)
}
