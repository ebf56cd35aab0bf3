//! The store test harness: one suite, both backends. [`on_both_backends!`] turns each
//! listed `fn(&TestStore)` into two tests, `sqlite::NAME` (always) and `postgres::NAME`
//! (against `WHOSAID_TEST_POSTGRES_URL`; without it, a printed skip). Each test gets a fresh
//! database: a temporary directory for SQLite, a schema of its own for PostgreSQL (dropped
//! afterwards), so the tests run in parallel on one server.
//! `.ci/run` and `scripts/pg-throwaway.sh` provide the server; tests only reach 127.0.0.1.

use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::postgres::PgStore;
use super::{Lease, Result, Store};

/// The lease of tests that take due posts as one node.
pub const TEST_LEASE: Lease<'static> = Lease {
    node: "node-test",
    secs: 60,
};

/// The PostgreSQL server the PostgreSQL variants use.
pub const POSTGRES_URL_ENV: &str = "WHOSAID_TEST_POSTGRES_URL";

/// A store on a fresh database, gone with it.
pub struct TestStore {
    store: Store,
    place: Place,
}

enum Place {
    Sqlite(tempfile::TempDir),
    /// The server's URL and this test's schema.
    Postgres {
        url: String,
        schema: String,
    },
}

impl Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl TestStore {
    pub fn sqlite() -> TestStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_in(dir.path()).expect("open store");
        TestStore {
            store,
            place: Place::Sqlite(dir),
        }
    }

    /// A store in a new schema of the test server; `None`, after saying so on stderr, when
    /// no server is configured.
    pub fn postgres(test: &str) -> Option<TestStore> {
        let Some(url) = std::env::var(POSTGRES_URL_ENV)
            .ok()
            .filter(|u| !u.is_empty())
        else {
            say_skipped();
            return None;
        };
        Some(TestStore::postgres_at(&url, test))
    }

    fn postgres_at(url: &str, test: &str) -> TestStore {
        assert!(
            url.contains("@127.0.0.1:") || url.contains("@127.0.0.1/"),
            "{POSTGRES_URL_ENV} must point at 127.0.0.1: the tests create and drop schemas there"
        );
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let mut schema = format!(
            "t{}_{}_{test}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        schema.truncate(63);
        let create = format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        admin(url, &create).unwrap_or_else(|e| panic!("{POSTGRES_URL_ENV}: {e}"));
        let store = Store::open_postgres(&in_schema(url, &schema))
            .unwrap_or_else(|e| panic!("open the PostgreSQL store: {e}"));
        TestStore {
            store,
            place: Place::Postgres {
                url: url.to_string(),
                schema,
            },
        }
    }

    /// Another fresh store on the same backend.
    pub fn fresh(&self, test: &str) -> TestStore {
        match &self.place {
            Place::Sqlite(_) => TestStore::sqlite(),
            Place::Postgres { url, .. } => TestStore::postgres_at(url, test),
        }
    }

    /// The same database opened again (as a restarted process would).
    pub fn reopen(&self) -> Result<Store> {
        match &self.place {
            Place::Sqlite(dir) => Store::open_in(dir.path()),
            Place::Postgres { url, schema } => Store::open_postgres(&in_schema(url, schema)),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.place, Place::Postgres { .. })
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Place::Postgres { url, schema } = &self.place {
            // Best effort: a schema left behind by a failed drop is harmless on a
            // throwaway server.
            let _ = admin(url, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// Say once per test process, on the real stderr (libtest hides what passing tests print
/// with `eprintln!`), that the PostgreSQL variants did not run.
fn say_skipped() {
    use std::io::Write;
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: the PostgreSQL variants of the store tests (store::*::postgres::*) and \
             the article log tests (store::articles, article_log) did not run: \
             {POSTGRES_URL_ENV} is not set (.ci/run sets it; \
             `scripts/pg-throwaway.sh start` prints one)"
        );
    });
}

/// `url` with every connection's `search_path` set to `schema`.
fn in_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// Run `sql` on the test server outside any test schema.
fn admin(url: &str, sql: &str) -> Result<()> {
    PgStore::connect(url)?.conn()?.batch(sql)
}

/// Each listed `fn(&TestStore)` as a SQLite test and a PostgreSQL test.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name(&$crate::store::testing::TestStore::sqlite());
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(store) =
                        $crate::store::testing::TestStore::postgres(stringify!($name))
                    {
                        super::$name(&store);
                    }
                }
            )*
        }
    };
}
pub(crate) use on_both_backends;
