//! The PostgreSQL backend: a connection pool (deadpool-postgres over tokio-postgres) on a
//! small runtime of its own, behind the same blocking calls as SQLite's.
//!
//! Why a runtime of its own: the store's methods are synchronous and are called both from
//! plain threads (`spawn_blocking`, the CLI) and directly from async tasks, on
//! multi-threaded runtimes (`serve`, `feeds poll`) and on current-thread ones (tests).
//! Driving tokio-postgres on the caller's runtime would need `block_on` inside it, which
//! panics; the sync `postgres` crate does exactly that internally, and its usual fix,
//! `block_in_place`, panics on a current-thread runtime. So every statement is spawned on
//! this backend's runtime and the caller waits on a plain channel: from the caller's side
//! a PostgreSQL call blocks briefly, exactly as a SQLite call does, on any thread.
//!
//! A [`PgConn`] holds one pooled connection for one store call or one transaction
//! (`BEGIN` … `COMMIT` on that connection); statements are prepared once per connection
//! (the pool's statement cache). A broken connection is dropped by the pool and the next
//! call connects again. The schema is migrated under an advisory lock, so nodes starting
//! together migrate once, and its version is the one row of `schema_version`.
//! Calls `super::db` (the shared value types) and nothing outside `store`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio_postgres::types::{IsNull, ToSql, Type};
use tokio_postgres::NoTls;

use super::db::{pg_sql, Row, Value};
use super::{Result, StoreError};

/// The PostgreSQL migrations, in order: version N is `PG_MIGRATIONS[N-1]`. Same numbers
/// and names as SQLite's, so both backends are at the same version for the same code.
const PG_MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("migrations/postgres/0001_init.sql"),
    ),
    (
        "0002_moderation.sql",
        include_str!("migrations/postgres/0002_moderation.sql"),
    ),
    (
        "0003_leases.sql",
        include_str!("migrations/postgres/0003_leases.sql"),
    ),
    (
        "0004_channel_pauses.sql",
        include_str!("migrations/postgres/0004_channel_pauses.sql"),
    ),
    (
        "0005_article_log.sql",
        include_str!("migrations/postgres/0005_article_log.sql"),
    ),
    (
        "0006_conversations.sql",
        include_str!("migrations/postgres/0006_conversations.sql"),
    ),
    (
        "0007_feedback.sql",
        include_str!("migrations/postgres/0007_feedback.sql"),
    ),
    (
        "0008_operator_hidden_docs.sql",
        include_str!("migrations/postgres/0008_operator_hidden_docs.sql"),
    ),
];

/// The advisory lock key migrations hold ("whosaid" in ASCII, as a number).
const MIGRATION_LOCK: i64 = 0x77_686f_7361_6964;

/// What the operator reads after a PostgreSQL error: where to set the URL.
const WHERE_URL: &str = "[store] url (or WHOSAID_STORE_URL)";

/// The open pool and the runtime driving it.
pub struct PgStore {
    pool: Pool,
    /// `Some` until dropped; shut down without waiting, so dropping the store inside an
    /// async task does not panic.
    runtime: Option<tokio::runtime::Runtime>,
    /// `user@host:port/database`, for messages: never the password.
    target: Arc<str>,
    /// Where to open connections of its own (a [`LogWatch`]); boxed, as it is large
    /// and rarely read.
    config: Box<tokio_postgres::Config>,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.pool.close();
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStore({})", self.target)
    }
}

/// One pooled connection, for one store call or one transaction.
pub struct PgConn {
    client: Arc<Object>,
    rt: tokio::runtime::Handle,
    target: Arc<str>,
}

impl PgStore {
    /// Connect to the database at `url` (checking it answers); not migrated yet.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| {
            StoreError::Postgres(format!(
                "the store URL is not a valid PostgreSQL URL ({e}): expected \
                 postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE in {WHERE_URL}"
            ))
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let target: Arc<str> = describe(&config).into();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("whosaid-postgres")
            .enable_all()
            .build()
            .map_err(|e| {
                StoreError::Postgres(format!("cannot start the PostgreSQL client: {e}"))
            })?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(8)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(15)))
            .build()
            .map_err(|e| StoreError::Postgres(format!("cannot set up the PostgreSQL pool: {e}")))?;
        let store = PgStore {
            pool,
            runtime: Some(runtime),
            target,
            config: Box::new(config),
        };
        drop(store.conn()?);
        Ok(store)
    }

    fn handle(&self) -> Result<tokio::runtime::Handle> {
        self.runtime
            .as_ref()
            .map(|r| r.handle().clone())
            .ok_or_else(|| StoreError::Postgres("the PostgreSQL client is shut down".into()))
    }

    /// A connection from the pool (connecting when none is idle).
    pub fn conn(&self) -> Result<PgConn> {
        let rt = self.handle()?;
        let pool = self.pool.clone();
        let client = run(&rt, async move { pool.get().await })?.map_err(|e| {
            use deadpool_postgres::PoolError as P;
            let why = match &e {
                P::Backend(e) => return pg_error(&self.target, e),
                P::Timeout(_) => "timed out".to_string(),
                other => other.to_string(),
            };
            StoreError::Postgres(format!(
                "cannot connect to the PostgreSQL store at {}: {why}: check {WHERE_URL} and \
                 that the server is up and accepts connections from this host",
                self.target
            ))
        })?;
        Ok(PgConn {
            client: Arc::new(client),
            rt,
            target: self.target.clone(),
        })
    }

    /// Bring the schema up to date, in one transaction under the migration lock.
    pub fn migrate(&self) -> Result<()> {
        let conn = self.conn()?;
        conn.batch("BEGIN")?;
        let result = (|| {
            conn.batch(&format!(
                "SELECT pg_advisory_xact_lock({MIGRATION_LOCK});
                 CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);"
            ))?;
            let current = conn
                .query("SELECT version FROM schema_version", &[])?
                .first()
                .map(|r| r.get::<i64>(0))
                .transpose()?;
            let known = PG_MIGRATIONS.len() as i64;
            let from = current.unwrap_or(0);
            if from > known {
                return Err(StoreError::TooNew { found: from, known });
            }
            for (name, sql) in PG_MIGRATIONS.iter().skip(from as usize) {
                conn.batch(sql).map_err(|e| {
                    StoreError::Postgres(format!("PostgreSQL migration {name} failed: {e}"))
                })?;
                tracing::info!(migration = name, "PostgreSQL store migrated");
            }
            if current.is_none() {
                conn.execute(
                    "INSERT INTO schema_version (version) VALUES (?1)",
                    &[known.into()],
                )?;
            } else if from < known {
                conn.execute("UPDATE schema_version SET version = ?1", &[known.into()])?;
            }
            Ok(())
        })();
        match result {
            Ok(()) => conn.batch("COMMIT"),
            Err(e) => {
                let _ = conn.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

/// Notifications on one channel, from a connection of its own: `LISTEN` needs a session
/// that stays open, which a pooled connection is not. The connection is driven on the
/// store's runtime; each notification (and the connection's end) wakes [`LogWatch::changed`].
pub struct LogWatch {
    wake: Arc<tokio::sync::Notify>,
    alive: Arc<std::sync::atomic::AtomicBool>,
    /// Kept to keep the session open; dropping it ends the connection and its driver.
    _client: tokio_postgres::Client,
}

impl LogWatch {
    /// Completes at the next notification, or at once if one came since the last call
    /// (a wake-up is never lost), or when the connection ends.
    pub async fn changed(&self) {
        self.wake.notified().await;
    }

    /// False once the connection has ended: listen again.
    pub fn is_alive(&self) -> bool {
        self.alive.load(std::sync::atomic::Ordering::Acquire)
    }
}

impl PgStore {
    /// Listen on the channel the SQL expression `channel_sql` names.
    pub fn listen(&self, channel_sql: &str) -> Result<LogWatch> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let config = (*self.config).clone();
        let query = format!("SELECT {channel_sql}");
        let target = self.target.clone();
        let watch = run(&self.handle()?, async move {
            let (client, mut connection) = config.connect(NoTls).await?;
            let wake = Arc::new(tokio::sync::Notify::new());
            let alive = Arc::new(AtomicBool::new(true));
            let (w, a) = (wake.clone(), alive.clone());
            tokio::spawn(async move {
                while let Some(message) =
                    std::future::poll_fn(|cx| connection.poll_message(cx)).await
                {
                    match message {
                        Ok(tokio_postgres::AsyncMessage::Notification(_)) => w.notify_one(),
                        Ok(_) => {}
                        Err(e) => {
                            tracing::warn!(error = %e, "the article log's listening connection failed");
                            break;
                        }
                    }
                }
                a.store(false, Ordering::Release);
                w.notify_one();
            });
            let channel: String = client.query_one(&query, &[]).await?.try_get(0)?;
            // A channel is an identifier: quoted, with its quotes doubled.
            let quoted = channel.replace('"', "\"\"");
            client
                .batch_execute(&format!("LISTEN \"{quoted}\""))
                .await?;
            Ok::<_, tokio_postgres::Error>(LogWatch {
                wake,
                alive,
                _client: client,
            })
        })?;
        watch.map_err(|e| pg_error(&target, &e))
    }
}

impl PgConn {
    /// Prepare (once per connection) and run a statement: its rows, or with `execute`
    /// the number of rows it changed.
    fn call(&self, sql: &str, args: &[Value], execute: bool) -> Result<Outcome> {
        let client = self.client.clone();
        let sql = pg_sql(sql);
        let args = args.to_vec();
        run(&self.rt, async move {
            let stmt = client.prepare_cached(&sql).await?;
            let refs: Vec<&(dyn ToSql + Sync)> =
                args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
            if execute {
                client.execute(&stmt, &refs).await.map(Outcome::Changed)
            } else {
                client.query(&stmt, &refs).await.map(Outcome::Rows)
            }
        })?
        .map_err(|e| pg_error(&self.target, &e))
    }

    pub fn query(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        match self.call(sql, args, false)? {
            Outcome::Rows(rows) => rows.iter().map(|r| pg_row(r, &self.target)).collect(),
            Outcome::Changed(_) => Ok(Vec::new()),
        }
    }

    pub fn execute(&self, sql: &str, args: &[Value]) -> Result<usize> {
        match self.call(sql, args, true)? {
            Outcome::Changed(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
            Outcome::Rows(_) => Ok(0),
        }
    }

    pub fn insert_id(&self, sql: &str, args: &[Value]) -> Result<i64> {
        let rows = self.query(&format!("{} RETURNING id", sql.trim_end()), args)?;
        rows.first()
            .ok_or_else(|| StoreError::Corrupt(format!("no id from: {sql}")))?
            .get(0)
    }

    pub fn batch(&self, sql: &str) -> Result<()> {
        let client = self.client.clone();
        let sql = sql.to_string();
        run(&self.rt, async move { client.batch_execute(&sql).await })?
            .map_err(|e| pg_error(&self.target, &e))
    }
}

/// What a statement returned.
enum Outcome {
    Rows(Vec<tokio_postgres::Row>),
    Changed(u64),
}

/// Run `fut` on the backend's runtime and wait for it on this thread (which may be any
/// thread, a runtime's included: waiting on a std channel never panics).
fn run<T: Send + 'static>(
    rt: &tokio::runtime::Handle,
    fut: impl Future<Output = T> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    rt.spawn(async move {
        let _ = tx.send(fut.await);
    });
    rx.recv()
        .map_err(|_| StoreError::Postgres("the PostgreSQL client stopped".into()))
}

/// A result row as the store's values.
fn pg_row(r: &tokio_postgres::Row, target: &str) -> Result<Row> {
    let mut values = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let err = |e: tokio_postgres::Error| pg_error(target, &e);
        let v = match *col.type_() {
            Type::INT8 => r.try_get::<_, Option<i64>>(i).map_err(err)?.map(Value::Int),
            Type::INT4 => r
                .try_get::<_, Option<i32>>(i)
                .map_err(err)?
                .map(|v| Value::Int(v.into())),
            Type::INT2 => r
                .try_get::<_, Option<i16>>(i)
                .map_err(err)?
                .map(|v| Value::Int(v.into())),
            Type::BOOL => r
                .try_get::<_, Option<bool>>(i)
                .map_err(err)?
                .map(Value::from),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => r
                .try_get::<_, Option<String>>(i)
                .map_err(err)?
                .map(Value::Text),
            ref other => {
                return Err(StoreError::Corrupt(format!(
                    "column {} has the PostgreSQL type {other}, which the store does not read",
                    col.name()
                )))
            }
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

/// A value converted to the type PostgreSQL inferred for its placeholder.
impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                _ => v.to_string().to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT8
                | Type::INT4
                | Type::INT2
                | Type::BOOL
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
        )
    }

    tokio_postgres::types::to_sql_checked!();
}

/// `user@host:port/database`: where the store is, without the password.
fn describe(config: &tokio_postgres::Config) -> String {
    use tokio_postgres::config::Host;
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let host = match h {
                Host::Tcp(h) => h.clone(),
                #[cfg(unix)]
                Host::Unix(p) => p.display().to_string(),
            };
            let port = config
                .get_ports()
                .get(i)
                .or(config.get_ports().first())
                .copied()
                .unwrap_or(5432);
            format!("{host}:{port}")
        })
        .collect();
    format!(
        "{}@{}/{}",
        config.get_user().unwrap_or("(default user)"),
        hosts.join(","),
        config.get_dbname().unwrap_or("(default database)")
    )
}

/// A PostgreSQL error as the operator should read it: what failed and what to do.
fn pg_error(target: &str, e: &tokio_postgres::Error) -> StoreError {
    let Some(db) = e.as_db_error() else {
        let what = if e.is_closed() {
            "lost the connection to"
        } else {
            "cannot connect to"
        };
        // tokio-postgres says "error connecting to server"; the cause is its source.
        let cause = std::error::Error::source(e)
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        return StoreError::Postgres(format!(
            "{what} the PostgreSQL store at {target}: {e}{cause}: check {WHERE_URL} and that \
             the server is up and accepts connections from this host"
        ));
    };
    let code = db.code().code();
    if code == "23505" {
        // A unique key already taken, often by another node at the same moment: the
        // callers decide (retry, or tell the user it is already done).
        let detail = db.detail().map(|d| format!(": {d}")).unwrap_or_default();
        return StoreError::Conflict(format!("{}{detail}", db.message()));
    }
    let hint = match code {
        "28P01" | "28000" => format!(": check the user and password in {WHERE_URL}"),
        "3D000" => format!(": create the database (createdb) or fix {WHERE_URL}"),
        "42501" => ": grant the store's user the privileges it needs on its database".into(),
        "53300" => {
            ": the server has no connection left: raise max_connections or use fewer nodes".into()
        }
        _ => String::new(),
    };
    StoreError::Postgres(format!(
        "PostgreSQL store at {target}: {} (SQLSTATE {code}){hint}",
        db.message()
    ))
}
