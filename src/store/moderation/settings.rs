//! A server's settings (`guild_settings`): the channels' default switch, its own question
//! cooldown and post limit, its modlog channel.
//! Calls only the `store` helpers.

use crate::store::db::{args, Conn};
use serde::{Deserialize, Serialize};

use crate::store::{id64, uid, Result, Store};

/// A server's settings; `None` fields follow the operator's configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildSettings {
    /// Whether a channel without its own switch is enabled.
    pub channels_default: bool,
    pub ask_cooldown_secs: Option<u64>,
    pub posts_per_hour: Option<u32>,
    pub modlog_channel_id: Option<u64>,
}

impl Default for GuildSettings {
    fn default() -> Self {
        GuildSettings {
            channels_default: true,
            ask_cooldown_secs: None,
            posts_per_hour: None,
            modlog_channel_id: None,
        }
    }
}

impl Store {
    /// A server's settings (the defaults when it has none).
    pub fn guild_settings(&self, guild_id: u64) -> Result<GuildSettings> {
        Ok(self
            .conn()?
            .query_opt(
                "SELECT channels_default, ask_cooldown_secs, posts_per_hour, modlog_channel_id
                 FROM guild_settings WHERE guild_id = ?1",
                args![id64(guild_id)],
                |r| {
                    Ok(GuildSettings {
                        channels_default: r.get(0)?,
                        ask_cooldown_secs: r.get::<Option<i64>>(1)?.map(|v| v.max(0) as u64),
                        posts_per_hour: r.get::<Option<i64>>(2)?.map(|v| v.max(0) as u32),
                        modlog_channel_id: r.get::<Option<i64>>(3)?.map(uid),
                    })
                },
            )?
            .unwrap_or_default())
    }

    /// Replace a server's settings.
    pub fn set_guild_settings(&self, guild_id: u64, s: &GuildSettings) -> Result<()> {
        save(&self.conn()?, guild_id, s)
    }
}

/// Replace a server's settings.
pub(super) fn save(conn: &Conn<'_>, guild_id: u64, s: &GuildSettings) -> Result<()> {
    conn.execute(
        "INSERT INTO guild_settings (guild_id, channels_default, ask_cooldown_secs, posts_per_hour, modlog_channel_id)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (guild_id) DO UPDATE SET channels_default = excluded.channels_default,
           ask_cooldown_secs = excluded.ask_cooldown_secs, posts_per_hour = excluded.posts_per_hour,
           modlog_channel_id = excluded.modlog_channel_id",
        args![
            id64(guild_id),
            s.channels_default,
            s.ask_cooldown_secs.map(|v| v.min(i64::MAX as u64) as i64),
            s.posts_per_hour.map(i64::from),
            s.modlog_channel_id.map(id64)
        ],
    )?;
    Ok(())
}
