//! What every command shares: finding the data directory, opening the engine (indexing the
//! sample corpus, with a progress bar, when the data directory is empty), progress bars.
//! Calls `engine` and `corpus::sample`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::engine::{Engine, EngineOptions, IngestReport};

/// The data directory: `--data-dir`, else `WHOSAID_DATA_DIR`, else the platform's.
pub fn data_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    directories::ProjectDirs::from("", "", "whosaid")
        .map(|d| d.data_dir().to_path_buf())
        .context("cannot find a data directory for this user: pass --data-dir DIR or set WHOSAID_DATA_DIR")
}

/// The data directory of a command that reads the configuration: `--data-dir` (or
/// `WHOSAID_DATA_DIR`) as given, else the configuration's `data_dir`, else `default_dir`.
pub fn configured_data_dir(
    config: &crate::config::Config,
    flag: Option<PathBuf>,
    default_dir: PathBuf,
) -> PathBuf {
    flag.or_else(|| config.data_dir().map(PathBuf::from))
        .unwrap_or(default_dir)
}

/// Open the engine; with `sample`, index the sample corpus first when the index is empty.
pub fn open(data_dir: PathBuf, templates: Option<PathBuf>, sample: bool) -> Result<Engine> {
    let mut opts = EngineOptions::new(&data_dir);
    opts.templates_dir = templates;
    open_with(opts, sample)
}

/// [`open`] with every engine option given.
pub fn open_with(mut opts: EngineOptions, sample: bool) -> Result<Engine> {
    let data_dir = opts.data_dir.clone();
    opts.sample_if_empty = false;
    let engine = Engine::open(opts)?;
    if sample && engine.is_empty()? {
        let docs = crate::corpus::sample::documents();
        let total: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
        let bar = bytes_bar(total, "indexing the sample corpus");
        engine.ingest(docs.into_iter().map(Ok), |r: &IngestReport| {
            bar.set_position(r.bytes)
        })?;
        engine.finish_ingest()?;
        bar.finish_and_clear();
        eprintln!(
            "Indexed the sample corpus into {} (the seed article and 24 Wikinews articles).",
            data_dir.display()
        );
    }
    Ok(engine)
}

/// A progress bar over bytes of text, on stderr (hidden when stderr is not a terminal).
pub fn bytes_bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}
