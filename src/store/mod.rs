//! Durable state, in SQLite or PostgreSQL: feeds and their fetch state, the items seen in them,
//! subscriptions, the update-post outbox and what was posted, moderation (per-server
//! settings and the append-only audit log), the conversation kept per answer, and
//! members' votes on cited statements.
//!
//! Owns every line of SQL in the crate: callers see the [`Store`] methods and plain Rust
//! types, whichever backend is behind them. Each statement is written once, against
//! [`db::Conn`], in a plain dialect both databases read (times as integer Unix seconds,
//! booleans as 0/1); `db` translates what differs (placeholders, `INSERT OR IGNORE`, new
//! ids) for PostgreSQL. Calls nothing else in the crate.
//!
//! Which backend: `[store] url = "postgres://…"` (or `WHOSAID_STORE_URL`) selects
//! PostgreSQL ([`postgres`]: a pool on a runtime of its own); without it, `state.sqlite`
//! in the data directory, as always. SQLite is opened once per process (WAL, foreign keys
//! on, a busy timeout). The schema is brought up to date by the numbered migrations in
//! `store/migrations/` (PostgreSQL's own in `store/migrations/postgres/`, same numbers),
//! recorded in `PRAGMA user_version` or PostgreSQL's `schema_version` table. Methods
//! block briefly on either backend; async callers may call them directly for single-row
//! work or use `spawn_blocking` for batches.
//!
//! Several nodes may share one PostgreSQL store: due feeds and update posts are taken with
//! leases ([`leases`]), so each is worked on by one node; a key another node took at the
//! same moment is a [`StoreError::Conflict`], which the callers retry or report. SQLite's
//! write transactions take its write lock when they begin, so processes on one file wait
//! for each other rather than fail.
//!
//! Where nothing can be written (a read-only file system or directory), an existing,
//! up-to-date database opens read-only (`immutable`): reads work, writes fail with
//! "attempt to write a readonly database", so the bot still starts and answers.

mod articles;
mod conversations;
mod copy;
mod db;
mod feedback;
mod feeds;
mod leases;
pub mod moderation;
mod operator_hidden;
mod outbox;
mod pauses;
mod postgres;
mod subscriptions;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

use db::{args, Conn, Row, Value};
use postgres::PgStore;

pub use articles::{Appended, LogEntry, LoggedArticle};
pub use conversations::{StoredConversation, CONVERSATION_SECS};
pub use copy::{backup_sqlite, check_sqlite_copy, known_schema_version};
pub use feedback::{FeedbackEffects, Vote, VoteTally, Voted, MEMBER_DOWN_VOTES};
pub use feeds::{Feed, FeedFetch, ItemKey, ItemSeen, KnownItem, NewFeed};
pub use leases::{node_id, random_node_id, Lease};
pub use moderation::{Case, GuildConfig, GuildSettings, NewCase};
pub use operator_hidden::OperatorHidden;
pub use outbox::{Delivery, NewPost, OutboxRow, OutboxStatus};
pub use pauses::ChannelPause;
pub use postgres::LogWatch;
pub use subscriptions::{NewSubscription, SubKind, Subscription, MAX_SUBSCRIPTIONS_PER_GUILD};

/// The migrations, in order: version N is `migrations[N-1]`.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init.sql", include_str!("migrations/0001_init.sql")),
    (
        "0002_moderation.sql",
        include_str!("migrations/0002_moderation.sql"),
    ),
    (
        "0003_leases.sql",
        include_str!("migrations/0003_leases.sql"),
    ),
    (
        "0004_channel_pauses.sql",
        include_str!("migrations/0004_channel_pauses.sql"),
    ),
    (
        "0005_article_log.sql",
        include_str!("migrations/0005_article_log.sql"),
    ),
    (
        "0006_conversations.sql",
        include_str!("migrations/0006_conversations.sql"),
    ),
    (
        "0007_feedback.sql",
        include_str!("migrations/0007_feedback.sql"),
    ),
    (
        "0008_operator_hidden_docs.sql",
        include_str!("migrations/0008_operator_hidden_docs.sql"),
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
    /// A PostgreSQL failure, worded for the operator (what failed, what to check); it
    /// names the server, user and database, never the password.
    #[error("{0}")]
    Postgres(String),
    /// A value in the database that the store cannot read (a bug or a hand-edited row).
    #[error("unexpected data in the state database: {0}")]
    Corrupt(String),
    #[error("{0}")]
    NotFound(String),
    /// A row that is there already: a unique key taken (SQLite's constraint, PostgreSQL's
    /// SQLSTATE 23505), perhaps by another node at the same moment.
    #[error("{0}")]
    Conflict(String),
    /// A limit on what one server may hold; the message says which and what to do.
    #[error("{0}")]
    Limit(String),
    /// Something only the PostgreSQL store has (the article log), asked of SQLite.
    #[error("{0} needs a PostgreSQL store ([store] url or WHOSAID_STORE_URL)")]
    NeedsPostgres(&'static str),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// True when the SQLite database cannot be written at all (a full disk, a read-only
    /// file): nothing that writes works until that changes.
    pub fn cannot_write(&self) -> bool {
        use rusqlite::ErrorCode as C;
        matches!(self, StoreError::Sql(e)
            if matches!(e.sqlite_error_code(), Some(C::DiskFull | C::ReadOnly)))
    }
}

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
    backend: Backend,
    /// A random value fixed when the database was created: part of every nonce, so a
    /// database recreated from scratch does not reuse the nonces of the old one.
    instance: String,
}

/// Where the state lives.
enum Backend {
    /// One connection per process, taken in turn.
    Sqlite(Mutex<Connection>),
    Postgres(PgStore),
}

impl Store {
    /// Open the store the configuration names: PostgreSQL at `url` when given (from
    /// `[store] url` or `WHOSAID_STORE_URL`), otherwise `state.sqlite` in `data_dir`.
    pub fn open_configured(url: Option<&str>, data_dir: &Path) -> Result<Store> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Store::open_postgres(url),
            None => Store::open_in(data_dir),
        }
    }

    /// Connect to the PostgreSQL database at `url` and migrate it.
    pub fn open_postgres(url: &str) -> Result<Store> {
        let pg = PgStore::connect(url)?;
        pg.migrate()?;
        Store::with_instance(Backend::Postgres(pg))
    }

    /// "SQLite" or "PostgreSQL", for start-up logs.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }

    fn with_instance(backend: Backend) -> Result<Store> {
        let mut store = Store {
            backend,
            instance: String::new(),
        };
        let instance = instance_id(&store.conn()?)?;
        store.instance = instance;
        Ok(store)
    }

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
        Store::with_instance(Backend::Sqlite(Mutex::new(conn)))
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
            backend: Backend::Sqlite(Mutex::new(conn)),
            instance,
        })
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        let sql = match self.backend {
            Backend::Sqlite(_) => "PRAGMA user_version",
            Backend::Postgres(_) => "SELECT version FROM schema_version",
        };
        self.conn()?.query_one(sql, args![], |r| r.get(0))
    }

    /// A connection for one call: SQLite's under its lock, or one from the pool.
    fn conn(&self) -> Result<Conn<'_>> {
        Ok(match &self.backend {
            Backend::Sqlite(m) => Conn::Sqlite(m.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres(pg) => Conn::Postgres(pg.conn()?),
        })
    }

    /// Every row `sql` returns for `args`, each read by `row`.
    fn query_all<T>(
        &self,
        sql: &str,
        args: &[Value],
        row: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.conn()?.query_all(sql, args, row)
    }

    /// Run `f` in one transaction on one connection: committed when it returns `Ok`,
    /// rolled back otherwise (also when `f` panics).
    fn in_transaction<T>(&self, f: impl FnOnce(&Conn<'_>) -> Result<T>) -> Result<T> {
        /// Rolls back unless disarmed by a commit.
        struct Open<'c, 'a>(&'c Conn<'a>, bool);
        impl Drop for Open<'_, '_> {
            fn drop(&mut self) {
                if !self.1 {
                    let _ = self.0.batch("ROLLBACK");
                }
            }
        }
        let conn = self.conn()?;
        conn.begin()?;
        let mut open = Open(&conn, false);
        let value = f(&conn)?;
        conn.batch("COMMIT")?;
        open.1 = true;
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

/// Apply the migrations the database lacks, each in a transaction. Foreign keys are off
/// meanwhile (SQLite ignores the pragma inside a transaction): a migration that rebuilds a
/// table drops the old one, which would otherwise cascade into the tables referring to it.
/// Each is checked before it commits.
fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(StoreError::TooNew {
            found: current,
            known,
        });
    }
    if current == known {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = apply_migrations(conn, current);
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

fn apply_migrations(conn: &mut Connection, current: i64) -> Result<()> {
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        let err = |source| StoreError::Migration { name, source };
        let tx = conn.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        let dangling: Option<String> = tx
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()
            .map_err(err)?;
        if let Some(table) = dangling {
            return Err(StoreError::Corrupt(format!(
                "migration {name} left rows of {table} referring to nothing"
            )));
        }
        tx.pragma_update(None, "user_version", version)
            .map_err(err)?;
        tx.commit().map_err(err)?;
        tracing::info!(migration = name, "state database migrated");
    }
    Ok(())
}

/// The database's instance tag, made on first open (two nodes opening a new PostgreSQL
/// store together agree on the first one written).
fn instance_id(conn: &Conn<'_>) -> Result<String> {
    let read = |conn: &Conn<'_>| {
        conn.query_opt(
            "SELECT value FROM meta WHERE key = 'instance'",
            args![],
            |r| r.get::<String>(0),
        )
    };
    if let Some(id) = read(conn)? {
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
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('instance', ?1)",
        args![id],
    )?;
    read(conn)?.ok_or_else(|| StoreError::Corrupt("no instance tag in meta".into()))
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
mod races;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
pub(crate) mod tests;
