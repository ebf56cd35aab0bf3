//! Moderator roles (`mod_roles`): members holding one may use `/mod` (all but `/mod roles`,
//! which takes Manage Server).
//! Calls only the `store` helpers.

use crate::store::db::{args, Conn};

use crate::store::{id64, require_changed, uid, Result, Store};

impl Store {
    pub fn mod_roles(&self, guild_id: u64) -> Result<Vec<u64>> {
        self.query_all(
            "SELECT role_id FROM mod_roles WHERE guild_id = ?1 ORDER BY role_id",
            args![id64(guild_id)],
            |r| r.get::<i64>(0).map(uid),
        )
    }

    /// Make a role a moderator role; false when it already was.
    pub fn add_mod_role(&self, guild_id: u64, role_id: u64, by: u64, now: i64) -> Result<bool> {
        insert(&self.conn()?, guild_id, role_id, by, now)
    }

    pub fn remove_mod_role(&self, guild_id: u64, role_id: u64) -> Result<()> {
        let n = self.conn()?.execute(
            "DELETE FROM mod_roles WHERE guild_id = ?1 AND role_id = ?2",
            args![id64(guild_id), id64(role_id)],
        )?;
        require_changed(n, || "that role is not a moderator role".to_string())
    }
}

/// Make a role a moderator role; false when it already was.
pub(super) fn insert(
    conn: &Conn<'_>,
    guild_id: u64,
    role_id: u64,
    by: u64,
    now: i64,
) -> Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO mod_roles (guild_id, role_id, added_by, added_at) VALUES (?1, ?2, ?3, ?4)",
        args![id64(guild_id), id64(role_id), id64(by), now],
    )?;
    Ok(n > 0)
}
