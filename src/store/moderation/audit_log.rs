//! The audit log (`audit_log`): append-only, one numbered case per server for every
//! moderator action and every refused attempt (the schema's triggers refuse edits).
//! Calls only the `store` helpers.

use crate::store::db::{args, Row};
use serde::Serialize;

use crate::store::{id64, uid, Result, Store, StoreError};

/// How often a case takes the next number after losing one to another node: each loss
/// means another case was recorded, so this many is far beyond any real moderation.
const CONFLICT_RETRIES: u32 = 20;

/// The most cases one page of the audit log shows.
pub const MAX_PAGE: u32 = 25;

/// A case to record.
#[derive(Clone, Debug)]
pub struct NewCase<'a> {
    pub guild_id: u64,
    pub actor_id: u64,
    /// What was done or tried, e.g. "doc hide".
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub reason: Option<&'a str>,
    /// "done", "refused: …", "failed: …".
    pub outcome: &'a str,
}

/// A recorded case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Case {
    pub guild_id: u64,
    pub case_no: i64,
    pub actor_id: u64,
    pub action: String,
    pub target: Option<String>,
    pub reason: Option<String>,
    pub outcome: String,
    pub created_at: i64,
}

fn case_row(r: &Row) -> Result<Case> {
    Ok(Case {
        guild_id: uid(r.get(0)?),
        case_no: r.get(1)?,
        actor_id: uid(r.get(2)?),
        action: r.get(3)?,
        target: r.get(4)?,
        reason: r.get(5)?,
        outcome: r.get(6)?,
        created_at: r.get(7)?,
    })
}

const CASE_COLUMNS: &str =
    "guild_id, case_no, actor_id, action, target, reason, outcome, created_at";

impl Store {
    /// The number of the server's latest case (0: none yet). Every moderation change is
    /// recorded as a case, so this is the version of a server's moderation state: a node
    /// whose view was read at an older number reads it again.
    pub fn latest_case_no(&self, guild_id: u64) -> Result<i64> {
        self.conn()?.query_one(
            "SELECT COALESCE(MAX(case_no), 0) FROM audit_log WHERE guild_id = ?1",
            args![id64(guild_id)],
            |r| r.get(0),
        )
    }

    /// Record a case; it gets the server's next number. Another node numbering a case of
    /// the same server at the same moment takes that number first (a conflict on the
    /// key): then the next free one is taken, so no case fails for it.
    pub fn record_case(&self, case: &NewCase<'_>, now: i64) -> Result<Case> {
        let mut tries = 0;
        loop {
            match self.try_record_case(case, now) {
                Err(StoreError::Conflict(why)) if tries < CONFLICT_RETRIES => {
                    tries += 1;
                    tracing::debug!(guild = case.guild_id, %why, "case number taken meanwhile; taking the next");
                }
                other => return other,
            }
        }
    }

    fn try_record_case(&self, case: &NewCase<'_>, now: i64) -> Result<Case> {
        let next = self.in_transaction(|tx| {
            let next: i64 = tx.query_one(
                "SELECT COALESCE(MAX(case_no), 0) + 1 FROM audit_log WHERE guild_id = ?1",
                args![id64(case.guild_id)],
                |r| r.get(0),
            )?;
            tx.execute(
                &format!("INSERT INTO audit_log ({CASE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
                args![
                    id64(case.guild_id),
                    next,
                    id64(case.actor_id),
                    case.action,
                    case.target,
                    case.reason,
                    case.outcome,
                    now
                ],
            )?;
            Ok(next)
        })?;
        Ok(Case {
            guild_id: case.guild_id,
            case_no: next,
            actor_id: case.actor_id,
            action: case.action.to_string(),
            target: case.target.map(str::to_string),
            reason: case.reason.map(str::to_string),
            outcome: case.outcome.to_string(),
            created_at: now,
        })
    }

    /// A page (from 1) of a server's cases, newest first, optionally only those by `actor`
    /// or whose action starts with `action`; with the number of matching cases.
    pub fn cases(
        &self,
        guild_id: u64,
        actor: Option<u64>,
        action: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<Case>, i64)> {
        let per_page = per_page.clamp(1, MAX_PAGE);
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let prefix = action.map(|a| format!("{}%", a.replace(['%', '_'], "")));
        let conn = self.conn()?;
        let filter = "guild_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR actor_id = ?2)
             AND (CAST(?3 AS TEXT) IS NULL OR LOWER(action) LIKE LOWER(?3))";
        let total: i64 = conn.query_one(
            &format!("SELECT COUNT(*) FROM audit_log WHERE {filter}"),
            args![id64(guild_id), actor.map(id64), &prefix],
            |r| r.get(0),
        )?;
        let cases = conn.query_all(
            &format!(
                "SELECT {CASE_COLUMNS} FROM audit_log WHERE {filter} ORDER BY case_no DESC LIMIT ?4 OFFSET ?5"
            ),
            args![
                id64(guild_id),
                actor.map(id64),
                prefix,
                i64::from(per_page),
                offset
            ],
            case_row,
        )?;
        Ok((cases, total))
    }
}
