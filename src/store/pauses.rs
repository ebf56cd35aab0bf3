//! Channels the bot may not post in (`channel_pauses`): their subscriptions show why, and
//! their pending posts wait, neither sent nor dropped, until the channel is resumed. The
//! bot pauses a channel when its permissions there lack what posting needs, or when
//! Discord answers a post 403, and resumes it when the permissions are back.
//! Calls nothing outside `store`.

use super::db::{args, Row};

use super::{id64, Result, Store};

/// A paused channel and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ChannelPause {
    pub guild_id: u64,
    pub channel_id: u64,
    pub reason: String,
    pub since: i64,
}

fn pause_row(r: &Row) -> Result<ChannelPause> {
    Ok(ChannelPause {
        guild_id: r.get::<i64>(0)? as u64,
        channel_id: r.get::<i64>(1)? as u64,
        reason: r.get(2)?,
        since: r.get(3)?,
    })
}

impl Store {
    /// Pause `pause.channel_id`. True when it was not paused before: the caller tells the
    /// moderators once. Already paused, only the reason is brought up to date.
    pub fn pause_channel(&self, pause: &ChannelPause) -> Result<bool> {
        self.in_transaction(|tx| {
            let added = tx.execute(
                "INSERT OR IGNORE INTO channel_pauses (channel_id, guild_id, reason, since)
                 VALUES (?1, ?2, ?3, ?4)",
                args![
                    id64(pause.channel_id),
                    id64(pause.guild_id),
                    &pause.reason,
                    pause.since
                ],
            )?;
            if added == 0 {
                tx.execute(
                    "UPDATE channel_pauses SET reason = ?2 WHERE channel_id = ?1",
                    args![id64(pause.channel_id), &pause.reason],
                )?;
            }
            Ok(added == 1)
        })
    }

    /// Resume a channel: its waiting posts are due again. True when it was paused.
    pub fn resume_channel(&self, channel_id: u64) -> Result<bool> {
        let n = self.conn()?.execute(
            "DELETE FROM channel_pauses WHERE channel_id = ?1",
            args![id64(channel_id)],
        )?;
        Ok(n > 0)
    }

    /// The paused channels of a guild (all guilds with `None`).
    pub fn channel_pauses(&self, guild_id: Option<u64>) -> Result<Vec<ChannelPause>> {
        self.query_all(
            "SELECT guild_id, channel_id, reason, since FROM channel_pauses
             WHERE CAST(?1 AS BIGINT) IS NULL OR guild_id = ?1 ORDER BY channel_id",
            args![guild_id.map(id64)],
            pause_row,
        )
    }

    /// Pending posts waiting in paused channels.
    pub fn paused_posts(&self) -> Result<i64> {
        self.conn()?.query_one(
            "SELECT COUNT(*) FROM outbox
             WHERE status = 'pending' AND channel_id IN (SELECT channel_id FROM channel_pauses)",
            args![],
            |r| r.get(0),
        )
    }
}
