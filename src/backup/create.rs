//! `backup`: copy a data directory's state and index, consistently, while `serve` runs.
//! The copy is written into a hidden sibling of the destination and renamed into place
//! once its manifest is written, so a backup that stopped half way never looks whole.

use std::path::{Path, PathBuf};

use super::files::{self, io_err, sync_dir};
use super::{BackupError, IndexCopy, Manifest, StateCopy, FORMAT, INDEX_DIR, MANIFEST, STATE_FILE};
use crate::index::Index;
use crate::store;

/// Back up `data_dir` into `dest` (absent or empty). The state is copied only without a
/// PostgreSQL `store_url`. Returns the manifest written.
pub fn backup(
    data_dir: &Path,
    dest: &Path,
    store_url: Option<&str>,
) -> Result<Manifest, BackupError> {
    let created_at = chrono::Utc::now();
    if !data_dir.join(INDEX_DIR).join("meta.json").is_file() {
        return Err(BackupError::NoData(data_dir.to_path_buf()));
    }
    if !is_empty_or_absent(dest)? {
        return Err(BackupError::DestNotEmpty(dest.to_path_buf()));
    }
    let partial = partial_dir(dest);
    if partial.exists() {
        std::fs::remove_dir_all(&partial).map_err(io_err(&partial))?;
    }
    std::fs::create_dir_all(&partial).map_err(io_err(&partial))?;
    match write_backup(data_dir, &partial, store_url, created_at) {
        Ok(manifest) => {
            move_into_place(&partial, dest)?;
            Ok(manifest)
        }
        Err(e) => {
            // Nothing half written stays behind.
            let _ = std::fs::remove_dir_all(&partial);
            Err(e)
        }
    }
}

/// The copies and their manifest, in `partial`.
fn write_backup(
    data_dir: &Path,
    partial: &Path,
    store_url: Option<&str>,
    created_at: chrono::DateTime<chrono::Utc>,
) -> Result<Manifest, BackupError> {
    // The state first: see the module comment of `backup`.
    let state = copy_state(data_dir, partial, store_url)?;
    let (index, mut rels) = copy_index(data_dir, partial)?;
    if matches!(state, StateCopy::Sqlite { .. }) {
        rels.insert(0, PathBuf::from(STATE_FILE));
    }
    let files = rels
        .iter()
        .map(|rel| files::entry(partial, rel))
        .collect::<Result<Vec<_>, _>>()?;
    let manifest = Manifest {
        format: FORMAT,
        whosaid_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at,
        source: std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf()),
        state,
        index,
        files,
    };
    write_manifest(partial, &manifest)?;
    Ok(manifest)
}

fn copy_state(
    data_dir: &Path,
    partial: &Path,
    store_url: Option<&str>,
) -> Result<StateCopy, BackupError> {
    if let Some(url) = store_url.map(str::trim).filter(|u| !u.is_empty()) {
        return Ok(StateCopy::Postgresql {
            server: super::masked_url(url),
        });
    }
    let db = data_dir.join(STATE_FILE);
    if !db.is_file() {
        return Ok(StateCopy::None);
    }
    let schema_version = store::backup_sqlite(&db, &partial.join(STATE_FILE))?;
    Ok(StateCopy::Sqlite { schema_version })
}

/// The index at its last commit, its article count read back from the copy (which so
/// proves it opens); the files' paths relative to the backup.
fn copy_index(data_dir: &Path, partial: &Path) -> Result<(IndexCopy, Vec<PathBuf>), BackupError> {
    let copied = Index::open(&data_dir.join(INDEX_DIR))?.copy_commit(&partial.join(INDEX_DIR))?;
    let documents = Index::open(&partial.join(INDEX_DIR))?.counts()?.documents;
    let rels = copied
        .files
        .iter()
        .map(|f| Path::new(INDEX_DIR).join(f))
        .collect();
    let index = IndexCopy {
        documents,
        opstamp: copied.opstamp,
    };
    Ok((index, rels))
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), BackupError> {
    let path = dir.join(MANIFEST);
    let mut json =
        serde_json::to_vec_pretty(manifest).map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
    json.push(b'\n');
    std::fs::write(&path, json).map_err(io_err(&path))?;
    sync_dir(dir)
}

/// `.NAME.partial` beside `dest`.
fn partial_dir(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".to_string());
    dest.with_file_name(format!(".{name}.partial"))
}

fn move_into_place(partial: &Path, dest: &Path) -> Result<(), BackupError> {
    if dest.exists() {
        // Empty (checked above): rename needs it gone.
        std::fs::remove_dir(dest).map_err(io_err(dest))?;
    }
    std::fs::rename(partial, dest).map_err(io_err(dest))?;
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(parent)?;
    }
    Ok(())
}

fn is_empty_or_absent(dir: &Path) -> Result<bool, BackupError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(io_err(dir)(e)),
    }
}
