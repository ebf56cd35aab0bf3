//! `whosaid serve`: run the Discord bot, the feed poller and the delivery of update posts
//! until SIGTERM or Ctrl-C.
//!
//! Reads the configuration (`--config`, `WHOSAID_CONFIG`) and the token (`DISCORD_TOKEN`),
//! opens the data directory (indexing the sample corpus when it is empty), and runs the bot.
//! A missing or rejected token ends the process with one line on stderr and exit code 1.
//! While it runs it holds a shared lock on `whosaid.lock` in the data directory, which
//! `whosaid restore` needs exclusively.
//! With `[web] listen`, it also serves the statement explorer there, on the same engine.
//! Calls `config`, `engine`, `bot`, `store` and `web`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::bot::feeds::FeedSettings;
use crate::bot::{self, Settings};
use crate::config::Config;
use crate::engine::{Engine, EngineOptions};
use crate::store::Store;
use crate::web::{self, Site, WebOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The configuration file (TOML). Default: none, every setting at its default.
    #[arg(long, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,
    /// The Discord API base URL, for a local fake Discord only (`WHOSAID_DISCORD_API`).
    #[arg(long, env = "WHOSAID_DISCORD_API")]
    pub discord_api: Option<String>,
    /// Open everything the bot needs (configuration, templates, index, state database),
    /// say how long it took, and exit without connecting to Discord.
    #[arg(long)]
    pub check: bool,
    /// Run only these gateway shards, `FIRST-LAST` (both included) or one id: one node of
    /// several (`[discord] shards`). Needs `--shard-count`.
    #[arg(long, value_name = "FIRST-LAST")]
    pub shards: Option<crate::config::ShardRange>,
    /// How many shards the bot runs across all nodes (`[discord] shard_count`).
    #[arg(long, value_name = "N")]
    pub shard_count: Option<u32>,
}

/// `data_dir_flag` is `--data-dir`/`WHOSAID_DATA_DIR` as given; `default_dir` is where the
/// data goes when neither it nor the configuration names a directory.
pub fn run(args: Args, data_dir_flag: Option<PathBuf>, default_dir: PathBuf) -> Result<ExitCode> {
    let mut config = Config::load(args.config.as_deref())?;
    if let Some(api) = args.discord_api.filter(|a| !a.is_empty()) {
        config.discord.api_base = Some(api);
    }
    if args.shards.is_some() {
        config.discord.shards = args.shards;
    }
    if args.shard_count.is_some() {
        config.discord.shard_count = args.shard_count;
    }
    let data_dir = super::common::configured_data_dir(&config, data_dir_flag, default_dir);
    // Held until exit: `restore` refuses a directory in use.
    let _in_use = crate::backup::DataDirLock::shared(&data_dir)?;
    if args.check {
        return check(&config, data_dir);
    }
    let mut settings = Settings::from_config(&config.discord)?;
    settings.index_refresh = Some(Duration::from_secs(config.index_refresh_secs));
    settings.feeds = FeedSettings::from_config(&config);
    settings.store_url = config.store.url.clone();
    settings.web_base = config.web.base_url.clone();
    if let Some(addr) = config.metrics.listen {
        let listener = std::net::TcpListener::bind(addr)
            .with_context(|| format!("cannot listen for metrics on {addr} ([metrics] listen)"))?;
        tracing::info!(%addr, "serving /metrics, /healthz and /readyz");
        settings.metrics_listener = Some(listener);
    }
    // Bound before anything starts, so a taken port is a start-up error.
    let web_listener =
        match config.web.listen {
            Some(addr) => Some(std::net::TcpListener::bind(addr).with_context(|| {
                format!("cannot listen for the explorer on {addr} ([web] listen)")
            })?),
            None => None,
        };
    let engine = Arc::new(open_engine(&config, data_dir.clone())?);
    let site = match web_listener {
        Some(listener) => Some((listener, explorer(&config, &data_dir, engine.clone())?)),
        None => None,
    };
    tracing::info!(data_dir = %data_dir.display(), discord = %config.discord, "starting the bot");
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let web = site.map(|(listener, site)| {
            tracing::info!(addr = ?listener.local_addr().ok(), "serving the statement explorer");
            tokio::spawn(async move {
                if let Err(e) = web::serve(listener, site, std::future::pending()).await {
                    tracing::error!(error = %e, "the statement explorer stopped; the bot goes on");
                }
            })
        });
        let ran = bot::run(settings, engine, shutdown_signal()).await;
        if let Some(web) = web {
            web.abort();
        }
        ran
    })?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn open_engine(config: &Config, data_dir: PathBuf) -> Result<Engine> {
    let engine = Engine::open(EngineOptions {
        templates_dir: config.templates_dir().map(PathBuf::from),
        ..EngineOptions::new(data_dir.clone())
    })
    .with_context(|| format!("cannot open the data directory {}", data_dir.display()))?;
    engine.warm();
    Ok(engine)
}

/// The statement explorer `serve` runs beside the bot (`[web] listen`), on the same engine.
fn explorer(config: &Config, data_dir: &std::path::Path, engine: Arc<Engine>) -> Result<Arc<Site>> {
    let store = Store::open_configured(config.store_url(), data_dir)
        .context("cannot open the state store for the explorer's hidden documents")?;
    let site = Site::new(
        engine,
        Some(Arc::new(store)),
        config.templates_dir(),
        &WebOptions::default(),
    )?;
    Ok(Arc::new(site))
}

/// `serve --check`: what start-up opens before connecting, timed; the token is not needed.
fn check(config: &Config, data_dir: PathBuf) -> Result<ExitCode> {
    let started = Instant::now();
    crate::bot::shards::ShardPlan::from_config(&config.discord)
        .map_err(|e| anyhow::anyhow!("gateway shards: {e}"))?;
    let engine = open_engine(config, data_dir.clone())?;
    let feeds = FeedSettings::from_config(config);
    crate::bot::feeds::Feeds::open(&feeds, config.store_url(), &engine).with_context(|| {
        match config.store_url() {
            Some(_) => "cannot open the PostgreSQL state store".to_string(),
            None => format!("cannot open the state database in {}", data_dir.display()),
        }
    })?;
    eprintln!(
        "Ready in {} ms ({}).",
        started.elapsed().as_millis(),
        data_dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or SIGTERM.
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
