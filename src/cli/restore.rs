//! `whosaid restore DIR`: put a backup into the data directory. Refuses while `serve` or an
//! ingest uses that directory, and a non-empty one without `--force`. Calls `backup`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::backup::{self, StateCopy};
use crate::config::Config;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The backup directory (written by `whosaid backup`).
    pub dir: PathBuf,
    /// Replace the index and state the data directory holds.
    #[arg(long)]
    pub force: bool,
    /// The configuration file (TOML), read for `data_dir`.
    #[arg(long, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args, data_dir_flag: Option<PathBuf>, default_dir: PathBuf) -> Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    let data_dir = super::common::configured_data_dir(&config, data_dir_flag, default_dir);
    let restored = backup::restore(&args.dir, &data_dir, args.force)
        .with_context(|| format!("cannot restore {}", args.dir.display()))?;
    let m = &restored.manifest;
    let state = match &m.state {
        StateCopy::Sqlite { schema_version } => {
            format!("the state database (schema version {schema_version}) and ")
        }
        _ => String::new(),
    };
    println!(
        "Restored {state}the index ({} articles) into {}{}, from the backup of {} taken {} by whosaid {}.",
        m.index.documents,
        data_dir.display(),
        if restored.replaced { ", replacing what was there" } else { "" },
        m.source.display(),
        m.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
        m.whosaid_version,
    );
    if let StateCopy::Postgresql { server } = &m.state {
        println!(
            "The state was in PostgreSQL ({server}) and is not in the backup: restore it with pg_restore from your pg_dump."
        );
    }
    Ok(ExitCode::SUCCESS)
}
