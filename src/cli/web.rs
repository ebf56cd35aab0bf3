//! `whosaid web [--listen ADDR]`: the statement explorer alone, read-only, until SIGTERM or
//! Ctrl-C. Binds to `--listen`, else `[web] listen`, else 127.0.0.1:8080 (this machine
//! only), and prints the address it serves on stdout (so `--listen 127.0.0.1:0` can be
//! used and found).
//! Calls `config`, `engine`, `store` and `web`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::config::Config;
use crate::store::Store;
use crate::web::{self, Site, WebOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The configuration file (TOML). Default: none, every setting at its default.
    #[arg(long, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,
    /// The address to serve on (`[web] listen`; default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
}

pub fn run(args: Args, data_dir_flag: Option<PathBuf>, default_dir: PathBuf) -> Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    let data_dir = super::common::configured_data_dir(&config, data_dir_flag, default_dir);
    let addr = match args.listen.or(config.web.listen) {
        Some(addr) => addr,
        None => web::DEFAULT_LISTEN
            .parse()
            .context("the default web address")?,
    };
    let engine = super::serve::open_engine(&config, data_dir.clone())?;
    let store = Store::open_configured(config.store_url(), &data_dir).with_context(|| {
        format!(
            "cannot open the state database (hidden documents) for {}",
            data_dir.display()
        )
    })?;
    let site = Site::new(
        Arc::new(engine),
        Some(Arc::new(store)),
        config.templates_dir(),
        &WebOptions::default(),
    )?;
    let listener = std::net::TcpListener::bind(addr)
        .with_context(|| format!("cannot listen on {addr} (--listen or [web] listen)"))?;
    let bound = listener.local_addr().context("the address listened on")?;
    println!("http://{bound}/");
    std::io::stdout().flush().ok();
    tracing::info!(%bound, data_dir = %data_dir.display(), "serving the statement explorer");
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(web::serve(
        listener,
        Arc::new(site),
        super::serve::shutdown_signal(),
    ))?;
    Ok(ExitCode::SUCCESS)
}
