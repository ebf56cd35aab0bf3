//! Members' votes on cited statements (`feedback`): 👍 or 👎, once per member and
//! statement in a server (voting again changes the vote). A statement a moderator voted
//! down is left out of that server's answers; one that [`MEMBER_DOWN_VOTES`] more members
//! voted down than up is demoted: cited only when nothing else answers
//! ([`Store::feedback_effects`]). `/mod feedback` lists the most voted down
//! ([`Store::most_down_voted`]) and `/mod feedback clear` forgets a server's votes.
//! Calls only the `store` helpers.

use serde::{Deserialize, Serialize};

use super::db::{args, Row};
use super::{id64, uid, Result, Store};

/// How many more members' 👎 than 👍 demote a statement in a server's answers (a
/// moderator's one 👎 leaves it out). Several, so one member cannot silence a source.
pub const MEMBER_DOWN_VOTES: i64 = 3;

/// One member's vote on one cited statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub guild_id: u64,
    pub statement_key: String,
    pub member_id: u64,
    /// True for 👍.
    pub up: bool,
    pub moderator: bool,
    /// The question the answer was to.
    pub question: String,
    pub doc_id: String,
    /// The statement as cited ("Speaker: what was said"), shortened.
    pub cited: String,
    pub url: Option<String>,
    pub voted_at: i64,
}

/// What recording a vote did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voted {
    New,
    Changed,
    /// The member had voted so already.
    Same,
}

/// What a server's votes do to its answers (statement keys).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedbackEffects {
    /// Voted down by a moderator: never cited.
    pub removed: Vec<String>,
    /// Voted down by enough members (and by no moderator): cited only when nothing else
    /// answers.
    pub demoted: Vec<String>,
}

/// A statement's votes in a server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VoteTally {
    pub statement_key: String,
    pub cited: String,
    pub question: String,
    pub url: Option<String>,
    pub down: i64,
    pub up: i64,
    pub moderator_down: i64,
}

const COLUMNS: &str =
    "guild_id, statement_key, member_id, vote, moderator, question, doc_id, cited, url, voted_at";

fn vote_row(r: &Row) -> Result<Vote> {
    Ok(Vote {
        guild_id: uid(r.get(0)?),
        statement_key: r.get(1)?,
        member_id: uid(r.get(2)?),
        up: r.get::<i64>(3)? > 0,
        moderator: r.get(4)?,
        question: r.get(5)?,
        doc_id: r.get(6)?,
        cited: r.get(7)?,
        url: r.get(8)?,
        voted_at: r.get(9)?,
    })
}

impl Store {
    /// Record `vote`, replacing the member's earlier vote on that statement.
    pub fn record_vote(&self, vote: &Vote) -> Result<Voted> {
        self.in_transaction(|tx| {
            let before: Option<i64> = tx.query_opt(
                "SELECT vote FROM feedback
                 WHERE guild_id = ?1 AND statement_key = ?2 AND member_id = ?3",
                args![id64(vote.guild_id), &vote.statement_key, id64(vote.member_id)],
                |r| r.get(0),
            )?;
            let value: i64 = if vote.up { 1 } else { -1 };
            if before == Some(value) {
                return Ok(Voted::Same);
            }
            tx.execute(
                "DELETE FROM feedback WHERE guild_id = ?1 AND statement_key = ?2 AND member_id = ?3",
                args![id64(vote.guild_id), &vote.statement_key, id64(vote.member_id)],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO feedback ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                ),
                args![
                    id64(vote.guild_id),
                    &vote.statement_key,
                    id64(vote.member_id),
                    value,
                    vote.moderator,
                    &vote.question,
                    &vote.doc_id,
                    &vote.cited,
                    &vote.url,
                    vote.voted_at
                ],
            )?;
            Ok(if before.is_some() {
                Voted::Changed
            } else {
                Voted::New
            })
        })
    }

    /// Every vote in a server, oldest first (for `/mod export`).
    pub fn votes(&self, guild_id: u64) -> Result<Vec<Vote>> {
        self.query_all(
            &format!(
                "SELECT {COLUMNS} FROM feedback WHERE guild_id = ?1
                 ORDER BY voted_at, statement_key, member_id"
            ),
            args![id64(guild_id)],
            vote_row,
        )
    }

    /// What the server's votes do to its answers: statements a moderator voted down, and
    /// those [`MEMBER_DOWN_VOTES`] more members voted down than up.
    pub fn feedback_effects(&self, guild_id: u64) -> Result<FeedbackEffects> {
        let rows = self.query_all(
            "SELECT statement_key,
                    CAST(SUM(CASE WHEN vote < 0 AND moderator = 1 THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN moderator = 1 THEN 0 ELSE -vote END) AS BIGINT)
             FROM feedback WHERE guild_id = ?1
             GROUP BY statement_key
             ORDER BY statement_key",
            args![id64(guild_id)],
            |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?, r.get::<i64>(2)?)),
        )?;
        let mut effects = FeedbackEffects::default();
        for (key, by_moderators, net_down) in rows {
            if by_moderators > 0 {
                effects.removed.push(key);
            } else if net_down >= MEMBER_DOWN_VOTES {
                effects.demoted.push(key);
            }
        }
        Ok(effects)
    }

    /// The `limit` statements most voted down in a server, most first.
    pub fn most_down_voted(&self, guild_id: u64, limit: u32) -> Result<Vec<VoteTally>> {
        self.query_all(
            "SELECT statement_key, MAX(cited), MAX(question), MAX(url),
                    CAST(SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END) AS BIGINT) AS down,
                    CAST(SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN vote < 0 AND moderator = 1 THEN 1 ELSE 0 END) AS BIGINT) AS by_mods
             FROM feedback WHERE guild_id = ?1
             GROUP BY statement_key
             HAVING SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END) > 0
             ORDER BY by_mods DESC, down DESC, statement_key
             LIMIT ?2",
            args![id64(guild_id), i64::from(limit)],
            |r| {
                Ok(VoteTally {
                    statement_key: r.get(0)?,
                    cited: r.get(1)?,
                    question: r.get(2)?,
                    url: r.get(3)?,
                    down: r.get(4)?,
                    up: r.get(5)?,
                    moderator_down: r.get(6)?,
                })
            },
        )
    }

    /// Forget every vote in a server; how many.
    pub fn clear_feedback(&self, guild_id: u64) -> Result<usize> {
        self.conn()?.execute(
            "DELETE FROM feedback WHERE guild_id = ?1",
            args![id64(guild_id)],
        )
    }
}
