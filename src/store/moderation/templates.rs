//! A server's own templates (`guild_templates`): its version of a shipped answer or
//! update-post template, by name. Checking that one renders is `crate::moderation`'s job.
//! Calls only the `store` helpers.

use crate::store::db::{args, Conn};
use serde::{Deserialize, Serialize};

use crate::store::{id64, Result, Store};

/// A server's own version of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildTemplate {
    pub name: String,
    pub source: String,
}

impl Store {
    pub fn guild_templates(&self, guild_id: u64) -> Result<Vec<GuildTemplate>> {
        self.query_all(
            "SELECT name, source FROM guild_templates WHERE guild_id = ?1 ORDER BY name",
            args![id64(guild_id)],
            |r| {
                Ok(GuildTemplate {
                    name: r.get(0)?,
                    source: r.get(1)?,
                })
            },
        )
    }

    pub fn set_guild_template(
        &self,
        guild_id: u64,
        t: &GuildTemplate,
        by: u64,
        now: i64,
    ) -> Result<()> {
        set(&self.conn()?, guild_id, t, by, now)
    }

    /// Back to the shipped template; false when the server had none of its own.
    pub fn reset_guild_template(&self, guild_id: u64, name: &str) -> Result<bool> {
        let n = self.conn()?.execute(
            "DELETE FROM guild_templates WHERE guild_id = ?1 AND name = ?2",
            args![id64(guild_id), name],
        )?;
        Ok(n > 0)
    }
}

/// Set a server's own version of a template, replacing the one it had.
pub(super) fn set(
    conn: &Conn<'_>,
    guild_id: u64,
    t: &GuildTemplate,
    by: u64,
    now: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO guild_templates (guild_id, name, source, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (guild_id, name) DO UPDATE SET source = excluded.source, set_by = excluded.set_by, set_at = excluded.set_at",
        args![id64(guild_id), &t.name, &t.source, id64(by), now],
    )?;
    Ok(())
}
