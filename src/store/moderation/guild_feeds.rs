//! The feeds a server follows (`guild_feeds`). Feeds themselves are shared by every
//! server: one is added when a server first follows it, and removed when no server follows
//! it and no subscription names it.
//! Calls `store::feeds` (adding a feed) and the `store` helpers.

use crate::store::db::{args, Conn};

use crate::store::{feeds, id64, require_changed, Result, Store};

impl Store {
    pub fn guild_feeds(&self, guild_id: u64) -> Result<Vec<String>> {
        self.query_all(
            "SELECT url FROM guild_feeds WHERE guild_id = ?1 ORDER BY added_at, url",
            args![id64(guild_id)],
            |r| r.get(0),
        )
    }

    /// Record that a server follows a feed, adding the feed when nobody follows it yet.
    /// False when the server followed it already.
    pub fn add_guild_feed(
        &self,
        guild_id: u64,
        url: &str,
        interval_secs: i64,
        by: u64,
        now: i64,
    ) -> Result<bool> {
        self.in_transaction(|tx| link(tx, guild_id, url, interval_secs, by, now))
    }

    /// A server stops following a feed; the feed itself goes when no other server follows
    /// it and no subscription names it.
    pub fn remove_guild_feed(&self, guild_id: u64, url: &str) -> Result<()> {
        self.in_transaction(|tx| {
            let n = tx.execute(
                "DELETE FROM guild_feeds WHERE guild_id = ?1 AND url = ?2",
                args![id64(guild_id), url],
            )?;
            require_changed(n, || format!("this server does not follow {url}"))?;
            tx.execute(
                "DELETE FROM feeds WHERE url = ?1
                   AND NOT EXISTS (SELECT 1 FROM guild_feeds WHERE url = ?1)
                   AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE kind = 'feed' AND value = ?1)",
                args![url],
            )?;
            Ok(())
        })
    }
}

/// Record that a server follows a feed, adding the feed when nobody follows it yet (polled
/// every `interval_secs`); false when the server followed it already. Call it in a
/// transaction.
pub(super) fn link(
    conn: &Conn<'_>,
    guild_id: u64,
    url: &str,
    interval_secs: i64,
    by: u64,
    now: i64,
) -> Result<bool> {
    feeds::add_if_new(conn, url, interval_secs, now)?;
    let n = conn.execute(
        "INSERT OR IGNORE INTO guild_feeds (guild_id, url, added_by, added_at) VALUES (?1, ?2, ?3, ?4)",
        args![id64(guild_id), url, id64(by), now],
    )?;
    Ok(n > 0)
}
