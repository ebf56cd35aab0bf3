//! Blocked members (`blocks`): a blocked member gets no answers in the server (told
//! once), and the subscriptions they created there are paused while the block lasts.
//! Calls `store::subscriptions` (pausing a member's subscriptions) and the `store` helpers.

use crate::store::db::{args, Conn};
use serde::{Deserialize, Serialize};

use crate::store::subscriptions::pause_created_by;
use crate::store::{id64, require_changed, uid, Result, Store};

/// A member blocked in a server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub user_id: u64,
    pub reason: Option<String>,
}

impl Store {
    pub fn blocks(&self, guild_id: u64) -> Result<Vec<Block>> {
        self.query_all(
            "SELECT user_id, reason FROM blocks WHERE guild_id = ?1 ORDER BY user_id",
            args![id64(guild_id)],
            |r| {
                Ok(Block {
                    user_id: uid(r.get(0)?),
                    reason: r.get(1)?,
                })
            },
        )
    }

    /// Block a member and pause the subscriptions they created in the server; false when
    /// they were blocked already.
    pub fn block(&self, guild_id: u64, block: &Block, by: u64, now: i64) -> Result<bool> {
        self.in_transaction(|tx| {
            let added = insert(tx, guild_id, block, by, now)?;
            pause_created_by(tx, guild_id, block.user_id, true)?;
            Ok(added)
        })
    }

    /// Unblock a member and resume the subscriptions they created in the server.
    pub fn unblock(&self, guild_id: u64, user_id: u64) -> Result<()> {
        self.in_transaction(|tx| {
            let n = tx.execute(
                "DELETE FROM blocks WHERE guild_id = ?1 AND user_id = ?2",
                args![id64(guild_id), id64(user_id)],
            )?;
            require_changed(n, || "that member is not blocked here".to_string())?;
            pause_created_by(tx, guild_id, user_id, false)
        })
    }

    /// Note that a blocked member was told; true the first time only.
    pub fn block_noticed(&self, guild_id: u64, user_id: u64) -> Result<bool> {
        let n = self.conn()?.execute(
            "UPDATE blocks SET noticed = 1 WHERE guild_id = ?1 AND user_id = ?2 AND noticed = 0",
            args![id64(guild_id), id64(user_id)],
        )?;
        Ok(n > 0)
    }
}

/// Block a member (their subscriptions stay as they are); false when they were blocked
/// already.
pub(super) fn insert(
    conn: &Conn<'_>,
    guild_id: u64,
    block: &Block,
    by: u64,
    now: i64,
) -> Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO blocks (guild_id, user_id, reason, blocked_by, blocked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![id64(guild_id), id64(block.user_id), &block.reason, id64(by), now],
    )?;
    Ok(n > 0)
}
