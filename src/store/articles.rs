//! The article log (PostgreSQL only): articles appended in order, each with a sequence
//! number, and read back after a given number by the nodes that tail it. Entries are
//! opaque to the store (an id, a content hash, a body): `crate::article_log` makes and
//! reads them. On SQLite every method is [`StoreError::NeedsPostgres`].
//!
//! Appends take an advisory lock for their transaction, so numbers are handed out in
//! commit order: a reader that has seen number N has seen every row below N that will
//! ever exist. Each append ends with a notification on the log's channel
//! ([`super::LogWatch`]), delivered when it commits.

use super::db::args;
use super::{Backend, LogWatch, Result, Store, StoreError};

/// The advisory lock appends hold ("artlog" in ASCII).
const APPEND_LOCK: i64 = 0x6172_746c_6f67;

/// The notification channel of the log in the current schema (tests run one schema per
/// test on one server; channels are per database). `LISTEN` and `pg_notify` both compute
/// it on the server from the same expression.
pub(super) const CHANNEL_SQL: &str = "'whosaid_log_' || md5(current_schema())";

/// One article to append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub doc_id: String,
    /// Identifies the content: the same id and hash as the latest entry appends nothing.
    pub content_hash: String,
    pub body: String,
}

/// One article read from the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedArticle {
    pub seq: i64,
    pub body: String,
}

/// What an append did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Appended {
    /// Entries new to the log (a new article or a new version of one).
    pub appended: usize,
    /// Entries whose latest version in the log has the same content.
    pub unchanged: usize,
    /// The number of the last entry appended.
    pub last_seq: Option<i64>,
}

impl Store {
    /// Whether this store keeps the article log (PostgreSQL).
    pub fn has_article_log(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// The tag fixed when the database was created: tells one log from another.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Append `entries` in order, in one transaction, skipping each whose latest version
    /// has the same content hash.
    pub fn append_articles(&self, entries: &[LogEntry], now: i64) -> Result<Appended> {
        self.require_log("appending to the article log")?;
        let _span = tracing::info_span!("append_articles", entries = entries.len()).entered();
        self.in_transaction(|tx| {
            tx.batch(&format!("SELECT pg_advisory_xact_lock({APPEND_LOCK})"))?;
            let mut out = Appended::default();
            for e in entries {
                let latest = tx.query_opt(
                    "SELECT content_hash FROM article_log WHERE doc_id = ?1
                     ORDER BY seq DESC LIMIT 1",
                    args![&e.doc_id],
                    |r| r.get::<String>(0),
                )?;
                if latest.as_deref() == Some(e.content_hash.as_str()) {
                    out.unchanged += 1;
                    continue;
                }
                let seq = tx.query_one(
                    "INSERT INTO article_log (doc_id, content_hash, document, appended_at)
                     VALUES (?1, ?2, ?3, ?4) RETURNING seq",
                    args![&e.doc_id, &e.content_hash, &e.body, now],
                    |r| r.get::<i64>(0),
                )?;
                out.appended += 1;
                out.last_seq = Some(seq);
            }
            if out.appended > 0 {
                tx.batch(&format!("SELECT pg_notify({CHANNEL_SQL}, '')"))?;
            }
            Ok(out)
        })
    }

    /// Up to `limit` entries numbered above `after`, in order.
    pub fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<LoggedArticle>> {
        self.require_log("reading the article log")?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.query_all(
            "SELECT seq, document FROM article_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            args![after, limit],
            |r| {
                Ok(LoggedArticle {
                    seq: r.get(0)?,
                    body: r.get(1)?,
                })
            },
        )
    }

    /// The number of the last entry (0 for an empty log).
    pub fn article_log_head(&self) -> Result<i64> {
        self.require_log("reading the article log")?;
        self.conn()?.query_one(
            "SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM article_log",
            args![],
            |r| r.get(0),
        )
    }

    /// Listen for appends on a connection of its own (not the pool's).
    pub fn watch_article_log(&self) -> Result<LogWatch> {
        match &self.backend {
            Backend::Postgres(pg) => pg.listen(CHANNEL_SQL),
            Backend::Sqlite(_) => Err(StoreError::NeedsPostgres("watching the article log")),
        }
    }

    fn require_log(&self, what: &'static str) -> Result<()> {
        if self.has_article_log() {
            Ok(())
        } else {
            Err(StoreError::NeedsPostgres(what))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::TestStore;

    fn entry(id: &str, content: &str) -> LogEntry {
        LogEntry {
            doc_id: id.into(),
            content_hash: format!("h-{content}"),
            body: content.into(),
        }
    }

    fn bodies(store: &Store, after: i64) -> Vec<(i64, String)> {
        let rows = store.articles_after(after, 100).expect("read");
        rows.into_iter().map(|a| (a.seq, a.body)).collect()
    }

    #[test]
    fn appending_is_ordered_and_idempotent_by_id_and_content() {
        let Some(store) = TestStore::postgres("article_log_append") else {
            return;
        };
        let first = store
            .append_articles(&[entry("a", "one"), entry("b", "two")], 1)
            .expect("append");
        assert_eq!((first.appended, first.unchanged), (2, 0));
        // The same articles again: nothing new, and no notification-worthy change.
        let again = store
            .append_articles(&[entry("a", "one"), entry("b", "two")], 2)
            .expect("append again");
        assert_eq!(
            (again.appended, again.unchanged, again.last_seq),
            (0, 2, None)
        );
        // A changed text is a new version; back to the first text is one more.
        store
            .append_articles(&[entry("a", "one v2"), entry("a", "one")], 3)
            .expect("versions");
        let all = bodies(&store, 0);
        let texts: Vec<&str> = all.iter().map(|(_, b)| b.as_str()).collect();
        assert_eq!(texts, ["one", "two", "one v2", "one"]);
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "ordered: {all:?}");
        assert_eq!(store.article_log_head().expect("head"), all[3].0);
        assert_eq!(bodies(&store, all[1].0).len(), 2, "read after a number");
    }

    /// Without the append lock, concurrent appends each see no earlier version and all
    /// append (checked: 87 to 120 rows instead of 30).
    #[test]
    fn nodes_appending_the_same_articles_at_once_append_each_once() {
        let Some(store) = TestStore::postgres("article_log_race") else {
            return;
        };
        let entries: Vec<LogEntry> = (0..30).map(|i| entry(&format!("d{i}"), "x")).collect();
        let nodes: Vec<Store> = (0..4).map(|_| store.reopen().expect("node")).collect();
        let barrier = std::sync::Barrier::new(nodes.len());
        let appended: usize = std::thread::scope(|s| {
            let handles: Vec<_> = nodes
                .iter()
                .map(|node| {
                    s.spawn(|| {
                        barrier.wait();
                        node.append_articles(&entries, 1).expect("append").appended
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("node")).sum()
        });
        assert_eq!(appended, entries.len(), "each article appended by one node");
        assert_eq!(bodies(&store, 0).len(), entries.len(), "no duplicate rows");
    }

    #[test]
    fn sqlite_has_no_article_log() {
        let store = TestStore::sqlite();
        assert!(!store.has_article_log());
        let err = store
            .append_articles(&[entry("a", "x")], 1)
            .expect_err("no log");
        assert!(err.to_string().contains("PostgreSQL"), "{err}");
    }
}
