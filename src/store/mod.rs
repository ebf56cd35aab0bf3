//! Durable state in SQLite: feeds and their fetch state, the items seen in them,
//! subscriptions, the update-post outbox and what was posted, and moderation (per-server
//! settings and the append-only audit log).
//!
//! Owns every line of SQL in the crate: callers see the [`Store`] methods and plain Rust
//! types, so a PostgreSQL store can later sit behind the same methods. The SQL is kept
//! simple for that reason (no SQLite-only functions, times as integer Unix seconds).
//! Calls nothing else in the crate.
//!
//! The database is opened once per process (WAL, foreign keys on, a busy timeout) and its
//! schema is brought up to date by the numbered migrations in `store/migrations/`, applied
//! in order and recorded in `PRAGMA user_version`. Methods block briefly; async callers
//! may call them directly for single-row work or use `spawn_blocking` for batches.
//!
//! Where nothing can be written (a read-only file system or directory), an existing,
//! up-to-date database opens read-only (`immutable`): reads work, writes fail with
//! "attempt to write a readonly database", so the bot still starts and answers.

mod feeds;
pub mod moderation;
mod outbox;
mod subscriptions;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction};

pub use feeds::{Feed, FeedFetch, ItemKey, ItemSeen, KnownItem, NewFeed};
pub use moderation::{Case, GuildConfig, GuildSettings, NewCase};
pub use outbox::{Delivery, NewPost, OutboxRow, OutboxStatus};
pub use subscriptions::{NewSubscription, SubKind, Subscription, MAX_SUBSCRIPTIONS_PER_GUILD};

/// The migrations, in order: version N is `migrations[N-1]`.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("migrations/0001_init.sql")),
    (
        "0002_moderation.sql",
        include_str!("migrations/0002_moderation.sql"),
    ),
];

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the state database {path}: {source}{hint}", hint = open_hint(.source))]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot create {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("migration {name} failed: {source}")]
    Migration {
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error(
        "the state database is at schema version {found}, newer than this whosaid knows ({known}): upgrade whosaid"
    )]
    TooNew { found: i64, known: i64 },
    #[error("state database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// A limit on what one server may hold; the message says which and what to do.
    #[error("{0}")]
    Limit(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What to do about a database that cannot be opened, when the cause is the disk.
fn open_hint(e: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DiskFull) => " (the disk is full: free some space or move the data directory)",
        Some(C::ReadOnly | C::CannotOpen | C::SystemIoFailure) => {
            " (the data directory must be writable and its disk must have free space: check both, or use another --data-dir)"
        }
        _ => "",
    }
}

/// The open state database.
pub struct Store {
    conn: Mutex<Connection>,
    /// A random value fixed when the database was created: part of every nonce, so a
    /// database recreated from scratch does not reuse the nonces of the old one.
    instance: String,
}

impl Store {
    /// Open (creating when absent) `state.sqlite` in `data_dir` and migrate it.
    pub fn open_in(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Store::open(&data_dir.join("state.sqlite"))
    }

    /// Open (creating when absent) the database file at `path` and migrate it; read-only
    /// when it exists but nothing can be written where it is.
    pub fn open(path: &Path) -> Result<Store> {
        match Store::open_writable(path) {
            Err(e) if is_unwritable(&e) && path.is_file() => {
                let store = Store::open_read_only(path).map_err(|_| e)?;
                tracing::warn!(path = %path.display(), "the state database is read-only: subscriptions and feeds cannot change");
                Ok(store)
            }
            other => other,
        }
    }

    fn open_writable(path: &Path) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // journal_mode answers with a row, so read it rather than execute it.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        let mut conn = conn;
        migrate(&mut conn)?;
        let instance = instance_id(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            instance,
        })
    }

    /// Open an up-to-date database that nothing may write, without creating anything next
    /// to it (SQLite's `immutable` URI parameter).
    fn open_read_only(path: &Path) -> Result<Store> {
        use rusqlite::OpenFlags;
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(uri, flags).map_err(open_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(open_err)?;
        if version != MIGRATIONS.len() as i64 {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                source: rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                    Some("the schema needs migrating, which needs write access".into()),
                ),
            });
        }
        let instance = conn
            .query_row("SELECT value FROM meta WHERE key = 'instance'", [], |r| {
                r.get(0)
            })
            .map_err(open_err)?;
        Ok(Store {
            conn: Mutex::new(conn),
            instance,
        })
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every row `sql` returns for `params`, each read by `row`.
    fn query_all<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map(params, row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Run `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    fn in_transaction<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

// Discord ids are u64 snowflakes below 2^63; SQLite integers are i64.
fn id64(v: u64) -> i64 {
    v as i64
}

fn uid(v: i64) -> u64 {
    v as u64
}

/// `Ok` when a statement changed `n > 0` rows; otherwise [`StoreError::NotFound`] with
/// the message `missing` makes.
fn require_changed(n: usize, missing: impl FnOnce() -> String) -> Result<()> {
    if n == 0 {
        return Err(StoreError::NotFound(missing()));
    }
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(StoreError::TooNew {
            found: current,
            known,
        });
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        let err = |source| StoreError::Migration { name, source };
        let tx = conn.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(err)?;
        tx.commit().map_err(err)?;
        tracing::info!(migration = name, "state database migrated");
    }
    Ok(())
}

fn instance_id(conn: &Connection) -> Result<String> {
    let found: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'instance'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let seed = format!(
        "{:?} {} {:p}",
        std::time::SystemTime::now(),
        std::process::id(),
        conn
    );
    let id = blake3::hash(seed.as_bytes()).to_hex()[..6].to_string();
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('instance', ?1)",
        [&id],
    )?;
    Ok(id)
}

/// True for a failure to open or migrate because nothing can be written.
fn is_unwritable(e: &StoreError) -> bool {
    use rusqlite::ErrorCode as C;
    let source = match e {
        StoreError::Open { source, .. } | StoreError::Migration { source, .. } => source,
        StoreError::Sql(source) => source,
        _ => return false,
    };
    matches!(
        source.sqlite_error_code(),
        Some(C::ReadOnly | C::CannotOpen)
    )
}

/// `path` for a `file:` URI: the characters a URI gives meaning to, escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Unix seconds now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
pub(crate) mod tests;
