//! Who is using a data directory: `serve` and `feeds` hold a shared advisory lock on
//! `whosaid.lock` in it for as long as they run (several may share one directory), and
//! `restore` takes the same lock exclusively, so neither can start while the other works.
//! The kernel drops the lock with the process, so a killed `serve` leaves nothing stale.
//!
//! An ingest holds tantivy's writer lock (`index/.tantivy-writer.lock`, also a `flock`),
//! which `restore` checks too.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use super::files::io_err;
use super::BackupError;

/// The lock file, in the data directory.
pub const LOCK_FILE: &str = "whosaid.lock";

/// A held lock on a data directory; released when dropped.
#[derive(Debug)]
pub struct DataDirLock {
    _file: Option<File>,
}

impl DataDirLock {
    /// For `serve`: fails only while a restore into `data_dir` is in progress. A data
    /// directory where nothing can be written (`serve` still answers from it) cannot be
    /// restored into either: there the lock is taken on an existing file, or not at all.
    pub fn shared(data_dir: &Path) -> Result<DataDirLock, BackupError> {
        let file = match open(data_dir) {
            Ok(file) => file,
            Err(BackupError::Io { source, .. }) if is_unwritable(&source) => {
                match File::open(data_dir.join(LOCK_FILE)) {
                    Ok(file) => file,
                    Err(_) => return Ok(DataDirLock { _file: None }),
                }
            }
            Err(e) => return Err(e),
        };
        if !try_flock(&file, false).map_err(io_err(data_dir))? {
            return Err(BackupError::RestoreInProgress(data_dir.to_path_buf()));
        }
        Ok(DataDirLock { _file: Some(file) })
    }

    /// For `restore`: fails while a `serve` or an ingest uses `data_dir`.
    pub fn exclusive(data_dir: &Path) -> Result<DataDirLock, BackupError> {
        let file = open(data_dir)?;
        let index_writer = data_dir.join("index").join(".tantivy-writer.lock");
        if !try_flock(&file, true).map_err(io_err(data_dir))? || is_locked(&index_writer)? {
            return Err(BackupError::Running(data_dir.to_path_buf()));
        }
        Ok(DataDirLock { _file: Some(file) })
    }
}

/// A read-only file system (EROFS) or a directory we may not write.
fn is_unwritable(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30)
}

fn open(data_dir: &Path) -> Result<File, BackupError> {
    std::fs::create_dir_all(data_dir).map_err(io_err(data_dir))?;
    let path = data_dir.join(LOCK_FILE);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err(&path))
}

/// Whether another process holds a `flock` on the file at `path` (absent: no).
fn is_locked(path: &Path) -> Result<bool, BackupError> {
    match File::open(path) {
        // Ours is dropped, and so released, at once.
        Ok(file) => Ok(!try_flock(&file, true).map_err(io_err(path))?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_err(path)(e)),
    }
}

/// Take a `flock` without waiting: `Ok(false)` when another holder conflicts.
#[cfg(unix)]
fn try_flock(file: &File, exclusive: bool) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    let op = if exclusive {
        libc::LOCK_EX
    } else {
        libc::LOCK_SH
    };
    // SAFETY: flock on a descriptor this `File` owns for the whole call.
    if unsafe { libc::flock(file.as_raw_fd(), op | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        _ => Err(err),
    }
}

/// Elsewhere no lock is taken: `restore` then relies on the operator.
#[cfg(not(unix))]
fn try_flock(_file: &File, _exclusive: bool) -> io::Result<bool> {
    Ok(true)
}
