//! `whosaid backup DIR`: copy the data directory's state database and index, consistently,
//! while `serve` may be running. With a PostgreSQL store only the index is copied, and the
//! `pg_dump` command for the state is printed. Calls `backup`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::backup::{self, StateCopy};
use crate::config::Config;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the backup: a new or empty directory.
    pub dir: PathBuf,
    /// The configuration file (TOML), read for `data_dir` and `[store] url`.
    #[arg(long, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args, data_dir_flag: Option<PathBuf>, default_dir: PathBuf) -> Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    let data_dir = super::common::configured_data_dir(&config, data_dir_flag, default_dir);
    let manifest = backup::backup(&data_dir, &args.dir, config.store_url())
        .with_context(|| format!("cannot back up {}", data_dir.display()))?;
    let state = match &manifest.state {
        StateCopy::Sqlite { schema_version } => {
            format!("the state database (schema version {schema_version})")
        }
        StateCopy::Postgresql { .. } => "no state (it is in PostgreSQL)".to_string(),
        StateCopy::None => "no state (the data directory has no state.sqlite yet)".to_string(),
    };
    println!(
        "Backed up {} into {}: {state} and the index ({} articles), {} files, manifest {}.",
        data_dir.display(),
        args.dir.display(),
        manifest.index.documents,
        manifest.files.len(),
        args.dir.join(backup::MANIFEST).display(),
    );
    if let Some(url) = config.store_url() {
        println!(
            "The state lives in PostgreSQL and is not in this backup: back it up with\n  {}\n(the password is masked: give it with PGPASSWORD or ~/.pgpass).",
            backup::pg_dump_hint(url, &args.dir)
        );
    }
    Ok(ExitCode::SUCCESS)
}
