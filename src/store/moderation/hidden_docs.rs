//! Hidden documents (`hidden_docs`): documents a server's answers and update posts never
//! cite.
//! Calls `super::outbox_policy` (a hidden document's waiting posts are dropped) and the
//! `store` helpers.

use crate::store::db::{args, Conn};
use serde::{Deserialize, Serialize};

use super::outbox_policy;
use crate::store::{id64, require_changed, Result, Store};

/// A document hidden in a server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenDoc {
    pub doc_id: String,
    pub title: String,
}

impl Store {
    pub fn hidden_docs(&self, guild_id: u64) -> Result<Vec<HiddenDoc>> {
        self.query_all(
            "SELECT doc_id, title FROM hidden_docs WHERE guild_id = ?1 ORDER BY hidden_at, doc_id",
            args![id64(guild_id)],
            |r| {
                Ok(HiddenDoc {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                })
            },
        )
    }

    /// Hide a document in a server; its update posts still waiting there are dropped.
    /// False when it was hidden already.
    pub fn hide_doc(&self, guild_id: u64, doc: &HiddenDoc, by: u64, now: i64) -> Result<bool> {
        self.in_transaction(|tx| {
            let added = insert(tx, guild_id, doc, by, now)?;
            outbox_policy::drop_posts_citing(tx, guild_id, &doc.doc_id)?;
            Ok(added)
        })
    }

    pub fn unhide_doc(&self, guild_id: u64, doc_id: &str) -> Result<()> {
        let n = self.conn()?.execute(
            "DELETE FROM hidden_docs WHERE guild_id = ?1 AND doc_id = ?2",
            args![id64(guild_id), doc_id],
        )?;
        require_changed(n, || "that document is not hidden here".to_string())
    }
}

/// Hide a document in a server (its waiting posts stay); false when it was hidden already.
pub(super) fn insert(
    conn: &Conn<'_>,
    guild_id: u64,
    doc: &HiddenDoc,
    by: u64,
    now: i64,
) -> Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO hidden_docs (guild_id, doc_id, title, hidden_by, hidden_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![id64(guild_id), &doc.doc_id, &doc.title, id64(by), now],
    )?;
    Ok(n > 0)
}
