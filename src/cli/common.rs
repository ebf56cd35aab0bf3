//! What every command shares: finding the data directory, opening the engine (indexing the
//! sample corpus, with a progress bar, when the data directory is empty), progress bars, the
//! serving process's memory settings.
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

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v3, the one libmimalloc-sys
/// builds): the milliseconds a freed page waits before it is returned to the kernel. The
/// Rust bindings name no constant for it; a test checks it still reads mimalloc's default
/// of 1000.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Set up the heap of a process that answers questions for a long time, as the commands
/// that do start. Batch commands (ingest, extract) allocate in bursts, where both settings
/// would cost time, and keep mimalloc's defaults. At a million articles the answering
/// process's heap was 48–54 MB with the defaults, about 27 MB with these, and 23 MB with
/// the index's smaller doc store cache too (`bench ask`, the same questions):
/// - transparent huge pages off: mimalloc asks for them on its arenas, and a 2 MiB page
///   holding a few live blocks counts whole;
/// - freed pages returned to the kernel at once, not after a second: an answer frees most
///   of what it allocated.
pub fn serving_memory() {
    // SAFETY: mimalloc's options are plain integers, read on every use.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
        let rc = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
        if rc != 0 {
            tracing::debug!(
                error = %std::io::Error::last_os_error(),
                "transparent huge pages left on"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    /// The option number still names the purge delay: its default is 1000 (ms). Run alone
    /// in its process's view: no test of this binary answers through `serving_memory`.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option has no side effect.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
