//! A PostgreSQL schema of its own for an integration test, on the server of
//! `WHOSAID_TEST_POSTGRES_URL` (`.ci/run` starts one; `scripts/pg-throwaway.sh start`
//! prints one for a developer). Without the variable a test says it skipped, on the real
//! stderr, and returns early: never a silent pass.

use std::io::Write;

/// The server the tests may use (127.0.0.1 only).
pub const URL_ENV: &str = "WHOSAID_TEST_POSTGRES_URL";

/// A fresh schema, dropped when this is dropped; `url` makes every connection use it.
pub struct Schema {
    server: String,
    name: String,
    pub url: String,
}

impl Schema {
    /// A schema named after `test`; `None`, after saying so, without a server.
    pub async fn create(test: &str) -> Option<Schema> {
        let Some(server) = std::env::var(URL_ENV).ok().filter(|u| !u.is_empty()) else {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {test} needs PostgreSQL: {URL_ENV} is not set (.ci/run sets it)"
            );
            return None;
        };
        assert!(
            server.contains("@127.0.0.1:") || server.contains("@127.0.0.1/"),
            "{URL_ENV} must point at 127.0.0.1"
        );
        let mut name = format!("it{}_{test}", std::process::id());
        name.truncate(63);
        admin(
            &server,
            &format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"),
        )
        .await;
        let sep = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{sep}options=-c%20search_path%3D{name}");
        Some(Schema { server, name, url })
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let (server, sql) = (
            self.server.clone(),
            format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name),
        );
        // Best effort, on a thread of its own: drop may run inside the test's runtime.
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(admin(&server, &sql));
            }
        })
        .join();
    }
}

/// Run `sql` on the server, outside any test schema.
async fn admin(server: &str, sql: &str) {
    let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("{URL_ENV}: cannot connect: {e}"));
    let task = tokio::spawn(connection);
    client
        .batch_execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{URL_ENV}: {sql}: {e}"));
    drop(client);
    let _ = task.await;
}
