//! Copies of the SQLite state database, for `whosaid backup` and `whosaid restore`.
//!
//! The copy uses SQLite's online backup API in one step: the source is read inside one
//! read transaction, so the copy is one consistent snapshot, and in WAL mode that reader
//! blocks no writer (`serve` goes on committing meanwhile).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError, BUSY_TIMEOUT, MIGRATIONS};

/// The newest schema version this whosaid knows.
pub fn known_schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Copy the database at `src` (which must exist) to a new file `dst`, then check the
/// copy; its schema version.
pub fn backup_sqlite(src: &Path, dst: &Path) -> Result<i64> {
    let open_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Open { path, source }
    };
    let from = open_source(src).map_err(open_err(src))?;
    let mut to = Connection::open(dst).map_err(open_err(dst))?;
    {
        let backup = Backup::new(&from, &mut to)?;
        let started = Instant::now();
        // -1: every page in one step, so one read transaction covers the whole copy.
        while backup.step(-1)? != StepResult::Done {
            if started.elapsed() > BUSY_TIMEOUT {
                let why = format!(
                    "{} stayed locked for {} s: try again",
                    src.display(),
                    BUSY_TIMEOUT.as_secs()
                );
                let busy = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY);
                return Err(StoreError::Sql(rusqlite::Error::SqliteFailure(
                    busy,
                    Some(why),
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    drop(to);
    check_sqlite_copy(dst)
}

/// The database to copy, read-write without create (a missing database is an error, not
/// a new empty one). Where nothing can be written (a read-only file system: WAL mode
/// cannot even read there), nothing changes it either, so it is read as `immutable`.
fn open_source(src: &Path) -> rusqlite::Result<Connection> {
    use rusqlite::ErrorCode as C;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(src, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(e) if matches!(e.sqlite_error_code(), Some(C::CannotOpen | C::ReadOnly)) => {
            let uri = format!("file:{}?immutable=1", super::uri_path(src));
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(uri, flags)
        }
        Err(e) => Err(e),
    }
}

/// Check a copied database (SQLite's `quick_check`); its schema version.
pub fn check_sqlite_copy(path: &Path) -> Result<i64> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    let verdict: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt(format!(
            "{} fails SQLite's quick_check: {verdict}",
            path.display()
        )));
    }
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}
