//! Channel switches (`channel_settings`): whether the bot answers mentions and posts in a
//! channel; a channel without its own switch follows the server's default (`settings`).
//! Calls only the `store` helpers.

use crate::store::db::{args, Conn};
use serde::{Deserialize, Serialize};

use crate::store::{id64, uid, Result, Store};

/// A channel's own switch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSetting {
    pub channel_id: u64,
    pub enabled: bool,
}

impl Store {
    pub fn channel_settings(&self, guild_id: u64) -> Result<Vec<ChannelSetting>> {
        self.query_all(
            "SELECT channel_id, enabled FROM channel_settings WHERE guild_id = ?1 ORDER BY channel_id",
            args![id64(guild_id)],
            |r| {
                Ok(ChannelSetting {
                    channel_id: uid(r.get(0)?),
                    enabled: r.get(1)?,
                })
            },
        )
    }

    pub fn set_channel(&self, guild_id: u64, channel_id: u64, enabled: bool) -> Result<()> {
        set(&self.conn()?, guild_id, channel_id, enabled)
    }
}

/// Switch a channel on or off, replacing its switch.
pub(super) fn set(conn: &Conn<'_>, guild_id: u64, channel_id: u64, enabled: bool) -> Result<()> {
    conn.execute(
        "INSERT INTO channel_settings (guild_id, channel_id, enabled) VALUES (?1, ?2, ?3)
         ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled",
        args![id64(guild_id), id64(channel_id), enabled],
    )?;
    Ok(())
}
