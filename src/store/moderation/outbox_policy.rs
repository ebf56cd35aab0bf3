//! What moderation does to the update-post outbox: posts citing a hidden document, or for
//! a channel switched off, are dropped; a server's own limit on posts per hour replaces the
//! operator's. `store::outbox` calls these when it takes due posts.
//! Reads the `hidden_docs`, `channel_settings` and `guild_settings` tables, writes only
//! the outbox's status; calls only the `store` helpers.

use crate::store::db::{args, Conn};

use crate::store::{id64, Result};

/// Why a post citing a hidden document was dropped.
const HIDDEN: &str = "document hidden by a moderator";

/// Drop the pending update posts a server's moderators excluded: those citing a document
/// hidden there, and those for a channel switched off there (by its own switch, or by the
/// server's default).
pub(in crate::store) fn drop_excluded_posts(conn: &Conn<'_>) -> Result<usize> {
    let hidden = conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = ?1
         WHERE status = 'pending' AND EXISTS (SELECT 1 FROM hidden_docs h
           WHERE h.guild_id = outbox.guild_id AND h.doc_id = outbox.doc_id)",
        args![HIDDEN],
    )?;
    let off = conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = 'channel switched off by a moderator'
         WHERE status = 'pending' AND (
           EXISTS (SELECT 1 FROM channel_settings c
             WHERE c.guild_id = outbox.guild_id AND c.channel_id = outbox.channel_id AND c.enabled = 0)
           OR (NOT EXISTS (SELECT 1 FROM channel_settings c
                 WHERE c.guild_id = outbox.guild_id AND c.channel_id = outbox.channel_id)
               AND EXISTS (SELECT 1 FROM guild_settings g
                 WHERE g.guild_id = outbox.guild_id AND g.channels_default = 0)))",
        args![],
    )?;
    Ok(hidden + off)
}

/// Drop the pending update posts citing a document just hidden in a server.
pub(super) fn drop_posts_citing(conn: &Conn<'_>, guild_id: u64, doc_id: &str) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = ?3
         WHERE guild_id = ?1 AND doc_id = ?2 AND status = 'pending'",
        args![id64(guild_id), doc_id, HIDDEN],
    )?;
    Ok(())
}

/// A server's own limit on update posts per channel per hour, if it set one.
pub(in crate::store) fn posts_per_hour(conn: &Conn<'_>, guild_id: u64) -> Result<Option<u32>> {
    let v: Option<Option<i64>> = conn.query_opt(
        "SELECT posts_per_hour FROM guild_settings WHERE guild_id = ?1",
        args![id64(guild_id)],
        |r| r.get(0),
    )?;
    Ok(v.flatten().map(|n| n.clamp(0, i64::from(u32::MAX)) as u32))
}
