//! Documents the operator hid everywhere (`operator_hidden_docs`): `whosaid docs hide ID`.
//! The bot leaves them out in every server, the statement explorer on every page. A
//! server's own hidden documents are in `moderation::hidden_docs`.

use serde::Serialize;

use super::db::args;
use super::{require_changed, Result, Store};

/// A document the operator hid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OperatorHidden {
    pub doc_id: String,
    pub title: String,
    /// Unix seconds.
    pub hidden_at: i64,
}

impl Store {
    /// Every document the operator hid, in the order they were hidden.
    pub fn operator_hidden(&self) -> Result<Vec<OperatorHidden>> {
        self.query_all(
            "SELECT doc_id, title, hidden_at FROM operator_hidden_docs ORDER BY hidden_at, doc_id",
            args![],
            |r| {
                Ok(OperatorHidden {
                    doc_id: r.get(0)?,
                    title: r.get(1)?,
                    hidden_at: r.get(2)?,
                })
            },
        )
    }

    /// The ids of the documents the operator hid.
    pub fn operator_hidden_ids(&self) -> Result<Vec<String>> {
        self.query_all(
            "SELECT doc_id FROM operator_hidden_docs ORDER BY doc_id",
            args![],
            |r| r.get(0),
        )
    }

    /// Hide a document everywhere; false when it was hidden already.
    pub fn hide_doc_everywhere(&self, doc_id: &str, title: &str, now: i64) -> Result<bool> {
        let n = self.conn()?.execute(
            "INSERT OR IGNORE INTO operator_hidden_docs (doc_id, title, hidden_at) VALUES (?1, ?2, ?3)",
            args![doc_id, title, now],
        )?;
        Ok(n > 0)
    }

    /// Show a document again; an error when the operator had not hidden it.
    pub fn unhide_doc_everywhere(&self, doc_id: &str) -> Result<()> {
        let n = self.conn()?.execute(
            "DELETE FROM operator_hidden_docs WHERE doc_id = ?1",
            args![doc_id],
        )?;
        require_changed(n, || format!("the document {doc_id} is not hidden"))
    }
}
