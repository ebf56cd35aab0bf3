//! Backups of a data directory, taken while `serve` runs, and their restore.
//!
//! A backup is a directory: `state.sqlite` (SQLite's online backup: one consistent
//! snapshot), `index/` (the files of one tantivy commit, see `index::snapshot`) and
//! `manifest.json` (what, when, which version, every file's size and BLAKE3 hash). With a
//! PostgreSQL store the state is not copied: the operator runs `pg_dump` ([`pg_dump_hint`]).
//!
//! The state is copied before the index: the feed poller commits a document to the index
//! before it records the item as seen in the state, so the restored state never claims an
//! item its index lacks (the index may hold a few documents the state has not recorded:
//! they are read again and replace themselves).
//!
//! A restore refuses a data directory a `serve` or an ingest is using ([`lock`]), and a
//! non-empty one unless forced; it copies into a temporary directory inside the target,
//! checks every file against the manifest and opens the copies, then renames them in.
//! Calls `store` and `index`.

mod create;
mod files;
pub mod lock;
mod restore;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use create::backup;
pub use lock::DataDirLock;
pub use restore::{restore, Restored};

/// The manifest's file name, in the backup directory.
pub const MANIFEST: &str = "manifest.json";
/// The manifest layout this version writes and reads.
const FORMAT: u32 = 1;
/// The state database's file name, in a data directory and in a backup.
const STATE_FILE: &str = "state.sqlite";
/// The index directory's name, in a data directory and in a backup.
const INDEX_DIR: &str = "index";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} holds no index to back up (is it the data directory? pass --data-dir DIR)")]
    NoData(PathBuf),
    #[error("{0} exists and is not empty: back up into a new directory")]
    DestNotEmpty(PathBuf),
    #[error("{0} is not a whosaid backup: it has no readable {MANIFEST} ({1})")]
    NotABackup(PathBuf, String),
    #[error("{0} was written by a newer whosaid ({1}): upgrade whosaid to restore it")]
    TooNew(PathBuf, String),
    #[error("the backup in {dir} is incomplete or damaged: {problem}; nothing was restored")]
    Damaged { dir: PathBuf, problem: String },
    #[error(
        "whosaid serve (or feeds, or an ingest) is using {0}: stop it, then restore (nothing was changed)"
    )]
    Running(PathBuf),
    #[error("a restore into {0} is in progress: wait for it to finish, then start again")]
    RestoreInProgress(PathBuf),
    #[error(
        "{dir} is not empty (it holds {entries}): pass --force to replace its index and state with the backup's"
    )]
    NotEmpty { dir: PathBuf, entries: String },
    #[error("cannot use {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
}

/// What a backup holds, written last into it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub whosaid_version: String,
    /// When the copy began (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The data directory it was taken from.
    pub source: PathBuf,
    pub state: StateCopy,
    pub index: IndexCopy,
    /// Every file of the backup but the manifest, relative to the backup directory.
    pub files: Vec<FileEntry>,
}

/// Where the state was, and what of it the backup holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "backend", rename_all = "lowercase")]
pub enum StateCopy {
    /// `state.sqlite`, at this schema version.
    Sqlite { schema_version: i64 },
    /// In PostgreSQL (`server` without the password): not in the backup.
    Postgresql { server: String },
    /// The data directory had no state database yet.
    None,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IndexCopy {
    /// Articles searchable in the copied commit.
    pub documents: u64,
    /// Tantivy's operation stamp of that commit.
    pub opstamp: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: PathBuf,
    pub bytes: u64,
    pub blake3: String,
}

/// The command that backs up a PostgreSQL store at `url` into `dest`, the password masked.
pub fn pg_dump_hint(url: &str, dest: &std::path::Path) -> String {
    format!(
        "pg_dump --format=custom --file={} '{}'",
        dest.join("state.pgdump").display(),
        masked_url(url)
    )
}

/// `url` with its password, if any, shown as `****`.
pub fn masked_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("****"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(the [store] url, which does not parse as a URL)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_dump_hint_masks_the_password() {
        let hint = pg_dump_hint(
            "postgres://whosaid:s3cret@db.example:5432/whosaid",
            std::path::Path::new("/backups/b1"),
        );
        assert_eq!(
            hint,
            "pg_dump --format=custom --file=/backups/b1/state.pgdump 'postgres://whosaid:****@db.example:5432/whosaid'"
        );
        assert!(!masked_url("postgres://u:p%40ss@h/d").contains("p%40ss"));
    }
}
