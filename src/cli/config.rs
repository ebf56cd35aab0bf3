//! `whosaid config init [PATH]`: write a commented `whosaid.toml` with every key and its
//! default; `whosaid config check [PATH]`: load one as `serve` would (environment
//! overrides included) and print the settings in effect, secrets masked.
//! Calls `config`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::config::document::{self, Style};
use crate::config::Config;

/// Where the file is when no path is given.
const DEFAULT_PATH: &str = "whosaid.toml";

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Write a commented configuration file with every key and its default.
    Init {
        /// Default: whosaid.toml in the current directory.
        path: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Validate a configuration file and print the settings in effect (secrets masked).
    Check {
        /// Default: whosaid.toml in the current directory.
        #[arg(env = "WHOSAID_CONFIG")]
        path: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Init { path, force } => init(&path.unwrap_or_else(|| DEFAULT_PATH.into()), force),
        Command::Check { path } => check(&path.unwrap_or_else(|| DEFAULT_PATH.into())),
    }
}

fn init(path: &Path, force: bool) -> Result<ExitCode> {
    let text = document::render(&Config::default(), Style::Commented)
        .context("cannot write the defaults as TOML")?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // Refused atomically if the file appeared meanwhile.
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        ),
        _ => anyhow::anyhow!("cannot write {}: {e}", path.display()),
    })?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!(
        "Wrote {}: every setting at its default. Check it with `whosaid config check {}`.",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(path: &Path) -> Result<ExitCode> {
    let config = Config::load(Some(path))?;
    let text =
        document::render(&config, Style::Effective).context("cannot print the settings as TOML")?;
    eprintln!(
        "{} is valid. The settings in effect (environment overrides applied, secrets masked):",
        path.display()
    );
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
