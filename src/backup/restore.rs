//! `restore`: a backup into a data directory nothing is using. The files are copied into
//! `.restore` inside the target, each checked against the manifest, the copies opened
//! (the index counted, the database checked), and only then renamed into place; what
//! they replace is deleted last.

use std::path::Path;

use super::files::{copy_hashed, io_err, is_inside, sync_dir};
use super::lock::{DataDirLock, LOCK_FILE};
use super::{BackupError, Manifest, StateCopy, FORMAT, INDEX_DIR, MANIFEST, STATE_FILE};
use crate::index::Index;
use crate::store;

/// The working directory inside the target.
const WORK_DIR: &str = ".restore";

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    /// Whether it replaced an index or state that was there (`--force`).
    pub replaced: bool,
}

/// Restore the backup in `backup` into `data_dir`; `force` replaces what is there.
pub fn restore(backup: &Path, data_dir: &Path, force: bool) -> Result<Restored, BackupError> {
    let manifest = read_manifest(backup)?;
    let _lock = DataDirLock::exclusive(data_dir)?;
    let present = present_entries(data_dir)?;
    if !present.is_empty() && !force {
        return Err(BackupError::NotEmpty {
            dir: data_dir.to_path_buf(),
            entries: present.join(", "),
        });
    }
    let work = data_dir.join(WORK_DIR);
    if work.exists() {
        // Left by a restore that was stopped: it never renamed anything in.
        std::fs::remove_dir_all(&work).map_err(io_err(&work))?;
    }
    std::fs::create_dir_all(work.join(INDEX_DIR)).map_err(io_err(&work))?;
    let checked = copy_checked(backup, &work, &manifest)
        .and_then(|()| open_checked(backup, &work, &manifest));
    if let Err(e) = checked {
        // Nothing was renamed in yet: the work directory holds only copies.
        let _ = std::fs::remove_dir_all(&work);
        return Err(e);
    }
    let replaced = swap_in(&work, data_dir, &manifest)?;
    std::fs::remove_dir_all(&work).map_err(io_err(&work))?;
    Ok(Restored { manifest, replaced })
}

fn read_manifest(backup: &Path) -> Result<Manifest, BackupError> {
    let path = backup.join(MANIFEST);
    let not_backup = |why: String| BackupError::NotABackup(backup.to_path_buf(), why);
    let text = std::fs::read_to_string(&path).map_err(|e| not_backup(e.to_string()))?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(
        |e| match serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("format")?.as_u64())
        {
            Some(format) if format > u64::from(FORMAT) => {
                BackupError::TooNew(backup.to_path_buf(), format!("manifest format {format}"))
            }
            _ => not_backup(e.to_string()),
        },
    )?;
    if let StateCopy::Sqlite { schema_version } = manifest.state {
        if schema_version > store::known_schema_version() {
            let why = format!("state schema version {schema_version}");
            return Err(BackupError::TooNew(backup.to_path_buf(), why));
        }
    }
    Ok(manifest)
}

/// The names in `data_dir` a restore would replace or leave beside the restored data:
/// all but the lock file and an abandoned work directory.
fn present_entries(data_dir: &Path) -> Result<Vec<String>, BackupError> {
    let entries = std::fs::read_dir(data_dir).map_err(io_err(data_dir))?;
    let mut names = Vec::new();
    for entry in entries {
        let name = entry.map_err(io_err(data_dir))?.file_name();
        let name = name.to_string_lossy();
        if name != LOCK_FILE && name != WORK_DIR {
            names.push(name.into_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// Copy every file the manifest lists into `work`, each checked for size and hash.
fn copy_checked(backup: &Path, work: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let damaged = |problem: String| BackupError::Damaged {
        dir: backup.to_path_buf(),
        problem,
    };
    for file in &manifest.files {
        if !is_inside(&file.path) {
            return Err(damaged(format!(
                "the manifest names {}, outside the backup",
                file.path.display()
            )));
        }
        let from = backup.join(&file.path);
        if !from.is_file() {
            return Err(damaged(format!(
                "{} is missing (the manifest lists it)",
                file.path.display()
            )));
        }
        let (bytes, hash) = copy_hashed(&from, &work.join(&file.path)).map_err(io_err(&from))?;
        if bytes != file.bytes || hash != file.blake3 {
            return Err(damaged(format!(
                "{} differs from what the manifest recorded ({bytes} bytes, {} expected)",
                file.path.display(),
                file.bytes
            )));
        }
    }
    Ok(())
}

/// Open the copies: the index must hold the manifest's article count, the database pass
/// SQLite's check.
fn open_checked(backup: &Path, work: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let damaged = |problem: String| BackupError::Damaged {
        dir: backup.to_path_buf(),
        problem,
    };
    let documents = Index::open(&work.join(INDEX_DIR))
        .and_then(|index| index.counts())
        .map_err(|e| damaged(format!("its index does not open: {e}")))?
        .documents;
    if documents != manifest.index.documents {
        return Err(damaged(format!(
            "its index holds {documents} articles, the manifest says {}",
            manifest.index.documents
        )));
    }
    if matches!(manifest.state, StateCopy::Sqlite { .. }) {
        store::check_sqlite_copy(&work.join(STATE_FILE))
            .map_err(|e| damaged(format!("its state database: {e}")))?;
    }
    Ok(())
}

/// Move what the restore replaces into `work/replaced`, then the copies into place;
/// whether anything was replaced. A stale WAL beside the old database must go with it:
/// SQLite would otherwise apply it to the restored one.
fn swap_in(work: &Path, data_dir: &Path, manifest: &Manifest) -> Result<bool, BackupError> {
    let with_state = matches!(manifest.state, StateCopy::Sqlite { .. });
    let mut names = vec![INDEX_DIR.to_string()];
    if with_state {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            names.push(format!("{STATE_FILE}{suffix}"));
        }
    }
    let aside = work.join("replaced");
    std::fs::create_dir_all(&aside).map_err(io_err(&aside))?;
    let mut replaced = false;
    for name in &names {
        let old = data_dir.join(name);
        if old.symlink_metadata().is_ok() {
            rename(&old, &aside.join(name))?;
            replaced = true;
        }
    }
    rename(&work.join(INDEX_DIR), &data_dir.join(INDEX_DIR))?;
    if with_state {
        rename(&work.join(STATE_FILE), &data_dir.join(STATE_FILE))?;
    }
    sync_dir(data_dir)?;
    Ok(replaced)
}

fn rename(from: &Path, to: &Path) -> Result<(), BackupError> {
    std::fs::rename(from, to).map_err(io_err(from))
}
