//! Moderation state per server: settings, moderator roles, hidden documents, blocked
//! members, channel switches, the server's own templates, the feeds it asked for, and the
//! append-only audit log (numbered cases per server). [`GuildConfig`] is a server's whole
//! configuration as plain data, for export and import.
//! Calls nothing outside `store`.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::{require_changed, Result, Store, StoreError, SubKind};

/// The most cases one page of the audit log shows.
pub const MAX_PAGE: u32 = 25;

// Discord ids are u64 snowflakes below 2^63; SQLite integers are i64.
fn id64(v: u64) -> i64 {
    v as i64
}

fn uid(v: i64) -> u64 {
    v as u64
}

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

/// A document hidden in a server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenDoc {
    pub doc_id: String,
    pub title: String,
}

/// A member blocked in a server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub user_id: u64,
    pub reason: Option<String>,
}

/// A channel's own switch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSetting {
    pub channel_id: u64,
    pub enabled: bool,
}

/// A server's own version of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuildTemplate {
    pub name: String,
    pub source: String,
}

/// A subscription as exported (without ids and times, which the importing side assigns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionConfig {
    pub channel_id: u64,
    pub kind: String,
    pub value: String,
    pub mention_role_id: Option<u64>,
    /// Who created it (a block pauses the subscriptions its member created).
    #[serde(default)]
    pub created_by: Option<u64>,
    pub paused: bool,
}

/// A server's whole configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuildConfig {
    pub settings: GuildSettings,
    pub roles: Vec<u64>,
    pub hidden: Vec<HiddenDoc>,
    pub blocks: Vec<Block>,
    pub channels: Vec<ChannelSetting>,
    pub templates: Vec<GuildTemplate>,
    pub feeds: Vec<String>,
    pub subscriptions: Vec<SubscriptionConfig>,
}

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

fn case_row(r: &Row<'_>) -> rusqlite::Result<Case> {
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
    // ------------------------------------------------------------ audit log

    /// Record a case; it gets the server's next number.
    pub fn record_case(&self, case: &NewCase<'_>, now: i64) -> Result<Case> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let next: i64 = tx.query_row(
            "SELECT COALESCE(MAX(case_no), 0) + 1 FROM audit_log WHERE guild_id = ?1",
            [id64(case.guild_id)],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO audit_log (guild_id, case_no, actor_id, action, target, reason, outcome, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
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
        tx.commit()?;
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
        let conn = self.conn();
        let filter =
            "guild_id = ?1 AND (?2 IS NULL OR actor_id = ?2) AND (?3 IS NULL OR action LIKE ?3)";
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM audit_log WHERE {filter}"),
            params![id64(guild_id), actor.map(id64), prefix],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {CASE_COLUMNS} FROM audit_log WHERE {filter} ORDER BY case_no DESC LIMIT ?4 OFFSET ?5"
        ))?;
        let rows = stmt.query_map(
            params![
                id64(guild_id),
                actor.map(id64),
                prefix,
                i64::from(per_page),
                offset
            ],
            case_row,
        )?;
        Ok((rows.collect::<rusqlite::Result<_>>()?, total))
    }

    // ------------------------------------------------------------ settings

    /// A server's settings (the defaults when it has none).
    pub fn guild_settings(&self, guild_id: u64) -> Result<GuildSettings> {
        Ok(self
            .conn()
            .query_row(
                "SELECT channels_default, ask_cooldown_secs, posts_per_hour, modlog_channel_id
                 FROM guild_settings WHERE guild_id = ?1",
                [id64(guild_id)],
                |r| {
                    Ok(GuildSettings {
                        channels_default: r.get(0)?,
                        ask_cooldown_secs: r.get::<_, Option<i64>>(1)?.map(|v| v.max(0) as u64),
                        posts_per_hour: r.get::<_, Option<i64>>(2)?.map(|v| v.max(0) as u32),
                        modlog_channel_id: r.get::<_, Option<i64>>(3)?.map(uid),
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Replace a server's settings.
    pub fn set_guild_settings(&self, guild_id: u64, s: &GuildSettings) -> Result<()> {
        let conn = self.conn();
        save_settings(&conn, guild_id, s)?;
        Ok(())
    }

    // ------------------------------------------------------------ roles

    pub fn mod_roles(&self, guild_id: u64) -> Result<Vec<u64>> {
        self.query_all(
            "SELECT role_id FROM mod_roles WHERE guild_id = ?1 ORDER BY role_id",
            [id64(guild_id)],
            |r| r.get::<_, i64>(0).map(uid),
        )
    }

    /// Make a role a moderator role; false when it already was.
    pub fn add_mod_role(&self, guild_id: u64, role_id: u64, by: u64, now: i64) -> Result<bool> {
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO mod_roles (guild_id, role_id, added_by, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![id64(guild_id), id64(role_id), id64(by), now],
        )?;
        Ok(n > 0)
    }

    pub fn remove_mod_role(&self, guild_id: u64, role_id: u64) -> Result<()> {
        let n = self.conn().execute(
            "DELETE FROM mod_roles WHERE guild_id = ?1 AND role_id = ?2",
            params![id64(guild_id), id64(role_id)],
        )?;
        require_changed(n, || "that role is not a moderator role".to_string())
    }

    // ------------------------------------------------------------ hidden documents

    pub fn hidden_docs(&self, guild_id: u64) -> Result<Vec<HiddenDoc>> {
        self.query_all(
            "SELECT doc_id, title FROM hidden_docs WHERE guild_id = ?1 ORDER BY hidden_at, doc_id",
            [id64(guild_id)],
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
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO hidden_docs (guild_id, doc_id, title, hidden_by, hidden_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id64(guild_id), doc.doc_id, doc.title, id64(by), now],
        )?;
        tx.execute(
            "UPDATE outbox SET status = 'dropped', last_error = 'document hidden by a moderator'
             WHERE guild_id = ?1 AND doc_id = ?2 AND status = 'pending'",
            params![id64(guild_id), doc.doc_id],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }

    pub fn unhide_doc(&self, guild_id: u64, doc_id: &str) -> Result<()> {
        let n = self.conn().execute(
            "DELETE FROM hidden_docs WHERE guild_id = ?1 AND doc_id = ?2",
            params![id64(guild_id), doc_id],
        )?;
        require_changed(n, || "that document is not hidden here".to_string())
    }

    // ------------------------------------------------------------ blocks

    pub fn blocks(&self, guild_id: u64) -> Result<Vec<Block>> {
        self.query_all(
            "SELECT user_id, reason FROM blocks WHERE guild_id = ?1 ORDER BY user_id",
            [id64(guild_id)],
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
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO blocks (guild_id, user_id, reason, blocked_by, blocked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id64(guild_id), id64(block.user_id), block.reason, id64(by), now],
        )?;
        tx.execute(
            "UPDATE subscriptions SET paused = 1 WHERE guild_id = ?1 AND created_by = ?2",
            params![id64(guild_id), id64(block.user_id)],
        )?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// Unblock a member and resume the subscriptions they created in the server.
    pub fn unblock(&self, guild_id: u64, user_id: u64) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            "DELETE FROM blocks WHERE guild_id = ?1 AND user_id = ?2",
            params![id64(guild_id), id64(user_id)],
        )?;
        require_changed(n, || "that member is not blocked here".to_string())?;
        tx.execute(
            "UPDATE subscriptions SET paused = 0 WHERE guild_id = ?1 AND created_by = ?2",
            params![id64(guild_id), id64(user_id)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Note that a blocked member was told; true the first time only.
    pub fn block_noticed(&self, guild_id: u64, user_id: u64) -> Result<bool> {
        let n = self.conn().execute(
            "UPDATE blocks SET noticed = 1 WHERE guild_id = ?1 AND user_id = ?2 AND noticed = 0",
            params![id64(guild_id), id64(user_id)],
        )?;
        Ok(n > 0)
    }

    // ------------------------------------------------------------ channels

    pub fn channel_settings(&self, guild_id: u64) -> Result<Vec<ChannelSetting>> {
        self.query_all("SELECT channel_id, enabled FROM channel_settings WHERE guild_id = ?1 ORDER BY channel_id", [id64(guild_id)], |r| {
            Ok(ChannelSetting {
                channel_id: uid(r.get(0)?),
                enabled: r.get(1)?,
            })
        })
    }

    pub fn set_channel(&self, guild_id: u64, channel_id: u64, enabled: bool) -> Result<()> {
        self.conn().execute(
            "INSERT INTO channel_settings (guild_id, channel_id, enabled) VALUES (?1, ?2, ?3)
             ON CONFLICT (guild_id, channel_id) DO UPDATE SET enabled = excluded.enabled",
            params![id64(guild_id), id64(channel_id), enabled],
        )?;
        Ok(())
    }

    // ------------------------------------------------------------ templates

    pub fn guild_templates(&self, guild_id: u64) -> Result<Vec<GuildTemplate>> {
        self.query_all(
            "SELECT name, source FROM guild_templates WHERE guild_id = ?1 ORDER BY name",
            [id64(guild_id)],
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
        self.conn().execute(
            "INSERT INTO guild_templates (guild_id, name, source, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (guild_id, name) DO UPDATE SET source = excluded.source, set_by = excluded.set_by, set_at = excluded.set_at",
            params![id64(guild_id), t.name, t.source, id64(by), now],
        )?;
        Ok(())
    }

    /// Back to the shipped template; false when the server had none of its own.
    pub fn reset_guild_template(&self, guild_id: u64, name: &str) -> Result<bool> {
        let n = self.conn().execute(
            "DELETE FROM guild_templates WHERE guild_id = ?1 AND name = ?2",
            params![id64(guild_id), name],
        )?;
        Ok(n > 0)
    }

    // ------------------------------------------------------------ feeds of a server

    pub fn guild_feeds(&self, guild_id: u64) -> Result<Vec<String>> {
        self.query_all(
            "SELECT url FROM guild_feeds WHERE guild_id = ?1 ORDER BY added_at, url",
            [id64(guild_id)],
            |r| r.get(0),
        )
    }

    /// Record that a server follows a feed, adding the feed when nobody follows it yet.
    /// False when the server followed it already.
    pub fn add_guild_feed(
        &self,
        guild_id: u64,
        url: &str,
        interval_secs: i64,
        by: u64,
        now: i64,
    ) -> Result<bool> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let added = link_feed(&tx, guild_id, url, interval_secs, by, now)?;
        tx.commit()?;
        Ok(added)
    }

    /// A server stops following a feed; the feed itself goes when no other server follows
    /// it and no subscription names it.
    pub fn remove_guild_feed(&self, guild_id: u64, url: &str) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let n = tx.execute(
            "DELETE FROM guild_feeds WHERE guild_id = ?1 AND url = ?2",
            params![id64(guild_id), url],
        )?;
        require_changed(n, || format!("this server does not follow {url}"))?;
        tx.execute(
            "DELETE FROM feeds WHERE url = ?1
               AND NOT EXISTS (SELECT 1 FROM guild_feeds WHERE url = ?1)
               AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE kind = 'feed' AND value = ?1)",
            [url],
        )?;
        tx.commit()?;
        Ok(())
    }

    // ------------------------------------------------------------ export / import

    /// A server's whole configuration.
    pub fn guild_config(&self, guild_id: u64) -> Result<GuildConfig> {
        let subscriptions = self
            .subscriptions(Some(guild_id))?
            .into_iter()
            .map(|s| SubscriptionConfig {
                channel_id: s.channel_id,
                kind: s.kind.as_str().to_string(),
                value: s.value,
                mention_role_id: s.mention_role_id,
                created_by: s.created_by,
                paused: s.paused,
            })
            .collect();
        Ok(GuildConfig {
            settings: self.guild_settings(guild_id)?,
            roles: self.mod_roles(guild_id)?,
            hidden: self.hidden_docs(guild_id)?,
            blocks: self.blocks(guild_id)?,
            channels: self.channel_settings(guild_id)?,
            templates: self.guild_templates(guild_id)?,
            feeds: self.guild_feeds(guild_id)?,
            subscriptions,
        })
    }

    /// Replace a server's configuration with `config`, in one transaction (all or
    /// nothing). Subscriptions are added to the server's (the same one twice is kept once);
    /// feeds not followed yet are added, polled every `interval_secs`.
    pub fn import_guild_config(
        &self,
        guild_id: u64,
        config: &GuildConfig,
        interval_secs: i64,
        by: u64,
        now: i64,
    ) -> Result<()> {
        for s in &config.subscriptions {
            if SubKind::parse(&s.kind).is_none() {
                return Err(StoreError::Conflict(format!(
                    "unknown subscription kind {:?}",
                    s.kind
                )));
            }
        }
        let g = id64(guild_id);
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for table in [
            "guild_settings",
            "mod_roles",
            "hidden_docs",
            "blocks",
            "channel_settings",
            "guild_templates",
            "guild_feeds",
        ] {
            tx.execute(&format!("DELETE FROM {table} WHERE guild_id = ?1"), [g])?;
        }
        save_settings(&tx, guild_id, &config.settings)?;
        for role in &config.roles {
            tx.execute(
                "INSERT OR IGNORE INTO mod_roles (guild_id, role_id, added_by, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![g, id64(*role), id64(by), now],
            )?;
        }
        for d in &config.hidden {
            tx.execute(
                "INSERT OR IGNORE INTO hidden_docs (guild_id, doc_id, title, hidden_by, hidden_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![g, d.doc_id, d.title, id64(by), now],
            )?;
        }
        for b in &config.blocks {
            tx.execute(
                "INSERT OR IGNORE INTO blocks (guild_id, user_id, reason, blocked_by, blocked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![g, id64(b.user_id), b.reason, id64(by), now],
            )?;
        }
        for c in &config.channels {
            tx.execute(
                "INSERT OR REPLACE INTO channel_settings (guild_id, channel_id, enabled) VALUES (?1, ?2, ?3)",
                params![g, id64(c.channel_id), c.enabled],
            )?;
        }
        for t in &config.templates {
            tx.execute(
                "INSERT OR REPLACE INTO guild_templates (guild_id, name, source, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![g, t.name, t.source, id64(by), now],
            )?;
        }
        for url in &config.feeds {
            link_feed(&tx, guild_id, url, interval_secs, by, now)?;
        }
        for s in &config.subscriptions {
            if s.kind == "feed" {
                add_feed_if_new(&tx, &s.value, interval_secs, now)?;
            }
            tx.execute(
                "INSERT OR IGNORE INTO subscriptions (guild_id, channel_id, kind, value, mention_role_id, created_by, created_at, paused)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    g,
                    id64(s.channel_id),
                    s.kind,
                    s.value,
                    s.mention_role_id.map(id64),
                    id64(s.created_by.unwrap_or(by)),
                    now,
                    s.paused
                ],
            )?;
        }
        // Imported subscriptions join the server's own: the total is what is capped.
        super::subscriptions::check_guild_count(&tx, guild_id, 0)?;
        tx.commit()?;
        Ok(())
    }
}

/// Drop the pending update posts a server's moderators excluded: those citing a document
/// hidden there, and those for a channel switched off there (by its own switch, or by the
/// server's default).
pub(super) fn drop_excluded_posts(conn: &rusqlite::Connection) -> Result<usize> {
    let hidden = conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = 'document hidden by a moderator'
         WHERE status = 'pending' AND EXISTS (SELECT 1 FROM hidden_docs h
           WHERE h.guild_id = outbox.guild_id AND h.doc_id = outbox.doc_id)",
        [],
    )?;
    let off = conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = 'channel switched off by a moderator'
         WHERE status = 'pending' AND (
           EXISTS (SELECT 1 FROM channel_settings c
             WHERE c.guild_id = outbox.guild_id AND c.channel_id = outbox.channel_id AND c.enabled = 0)
           OR (NOT EXISTS (SELECT 1 FROM channel_settings c
                 WHERE c.guild_id = outbox.guild_id AND c.channel_id = outbox.channel_id)
               AND EXISTS (SELECT 1 FROM guild_settings g
                 WHERE g.guild_id = outbox.guild_id AND g.channels_default = 0)))",
        [],
    )?;
    Ok(hidden + off)
}

/// A server's own limit on update posts per channel per hour, if it set one.
pub(super) fn posts_per_hour(conn: &rusqlite::Connection, guild_id: u64) -> Result<Option<u32>> {
    let v: Option<Option<i64>> = conn
        .query_row(
            "SELECT posts_per_hour FROM guild_settings WHERE guild_id = ?1",
            [id64(guild_id)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.flatten().map(|n| n.clamp(0, i64::from(u32::MAX)) as u32))
}

fn save_settings(conn: &rusqlite::Connection, guild_id: u64, s: &GuildSettings) -> Result<()> {
    conn.execute(
        "INSERT INTO guild_settings (guild_id, channels_default, ask_cooldown_secs, posts_per_hour, modlog_channel_id)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (guild_id) DO UPDATE SET channels_default = excluded.channels_default,
           ask_cooldown_secs = excluded.ask_cooldown_secs, posts_per_hour = excluded.posts_per_hour,
           modlog_channel_id = excluded.modlog_channel_id",
        params![
            id64(guild_id),
            s.channels_default,
            s.ask_cooldown_secs.map(|v| v.min(i64::MAX as u64) as i64),
            s.posts_per_hour.map(i64::from),
            s.modlog_channel_id.map(id64)
        ],
    )?;
    Ok(())
}

fn add_feed_if_new(tx: &Transaction<'_>, url: &str, interval_secs: i64, now: i64) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO feeds (url, added_at, poll_interval_secs, next_poll) VALUES (?1, ?2, ?3, ?2)",
        params![url, now, interval_secs],
    )?;
    Ok(())
}

fn link_feed(
    tx: &Transaction<'_>,
    guild_id: u64,
    url: &str,
    interval_secs: i64,
    by: u64,
    now: i64,
) -> Result<bool> {
    add_feed_if_new(tx, url, interval_secs, now)?;
    let n = tx.execute(
        "INSERT OR IGNORE INTO guild_feeds (guild_id, url, added_by, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![id64(guild_id), url, id64(by), now],
    )?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewSubscription, Store};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_in(dir.path()).expect("open store");
        (dir, store)
    }

    fn case<'a>(guild: u64, actor: u64, action: &'a str) -> NewCase<'a> {
        NewCase {
            guild_id: guild,
            actor_id: actor,
            action,
            target: Some("t"),
            reason: None,
            outcome: "done",
        }
    }

    #[test]
    fn cases_are_numbered_per_server_and_listed_newest_first() {
        let (_d, s) = store();
        for (i, action) in ["doc hide", "block", "doc unhide"].iter().enumerate() {
            let c = s
                .record_case(&case(1, 10 + i as u64, action), 100)
                .expect("case");
            assert_eq!(c.case_no, i as i64 + 1);
        }
        assert_eq!(
            s.record_case(&case(2, 10, "block"), 100)
                .expect("other")
                .case_no,
            1
        );
        let (all, total) = s.cases(1, None, None, 1, 10).expect("cases");
        assert_eq!(total, 3);
        let numbers: Vec<i64> = all.iter().map(|c| c.case_no).collect();
        assert_eq!(numbers, [3, 2, 1]);
        let (docs, n) = s.cases(1, None, Some("doc"), 1, 10).expect("by action");
        assert_eq!((docs.len(), n), (2, 2));
        let (by, _) = s.cases(1, Some(11), None, 1, 10).expect("by actor");
        assert_eq!(by.len(), 1);
        assert_eq!(by[0].action, "block");
        let (second, _) = s.cases(1, None, None, 2, 2).expect("page 2");
        assert_eq!(second.iter().map(|c| c.case_no).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn the_audit_log_cannot_be_edited_or_deleted() {
        let (_d, s) = store();
        s.record_case(&case(1, 10, "block"), 100).expect("case");
        let conn = s.conn();
        assert!(conn
            .execute("UPDATE audit_log SET outcome = 'x'", [])
            .is_err());
        assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn blocking_pauses_the_members_subscriptions_and_unblocking_resumes_them() {
        let (_d, s) = store();
        let sub = s
            .subscribe(
                &NewSubscription {
                    guild_id: 1,
                    channel_id: 2,
                    kind: SubKind::Person,
                    value: "Rutte".into(),
                    mention_role_id: None,
                    created_by: Some(42),
                },
                10,
            )
            .expect("subscribe");
        let block = Block {
            user_id: 42,
            reason: Some("spam".into()),
        };
        assert!(s.block(1, &block, 7, 20).expect("block"));
        assert!(!s.block(1, &block, 7, 20).expect("twice"));
        assert!(s.subscriptions(Some(1)).expect("subs")[0].paused);
        assert!(s.block_noticed(1, 42).expect("first"));
        assert!(!s.block_noticed(1, 42).expect("second"));
        s.unblock(1, 42).expect("unblock");
        let after = s.subscriptions(Some(1)).expect("subs");
        assert_eq!(after[0].id, sub.id);
        assert!(!after[0].paused);
        assert!(s.unblock(1, 42).is_err());
    }

    #[test]
    fn hidden_documents_roles_channels_templates_and_settings_are_per_server() {
        let (_d, s) = store();
        let doc = HiddenDoc {
            doc_id: "d1".into(),
            title: "T".into(),
        };
        assert!(s.hide_doc(1, &doc, 7, 1).expect("hide"));
        assert!(s.hidden_docs(2).expect("other").is_empty());
        s.unhide_doc(1, "d1").expect("unhide");
        assert!(s.unhide_doc(1, "d1").is_err());
        assert!(s.add_mod_role(1, 5, 7, 1).expect("role"));
        assert_eq!(s.mod_roles(1).expect("roles"), [5]);
        s.set_channel(1, 9, false).expect("channel");
        s.set_channel(1, 9, true).expect("channel again");
        assert_eq!(s.channel_settings(1).expect("channels").len(), 1);
        let mut settings = s.guild_settings(1).expect("defaults");
        assert!(settings.channels_default);
        settings.ask_cooldown_secs = Some(30);
        settings.modlog_channel_id = Some(77);
        s.set_guild_settings(1, &settings).expect("save");
        assert_eq!(s.guild_settings(1).expect("settings"), settings);
        assert_eq!(
            s.guild_settings(2).expect("other"),
            GuildSettings::default()
        );
        let t = GuildTemplate {
            name: "who_said.j2".into(),
            source: "x".into(),
        };
        s.set_guild_template(1, &t, 7, 1).expect("template");
        assert_eq!(s.guild_templates(1).expect("templates"), [t]);
        assert!(s.reset_guild_template(1, "who_said.j2").expect("reset"));
        assert!(!s
            .reset_guild_template(1, "who_said.j2")
            .expect("reset twice"));
    }

    #[test]
    fn update_posts_follow_hidden_documents_channel_switches_and_the_servers_limit() {
        use crate::store::NewPost;
        let (_d, s) = store();
        let mut subs = Vec::new();
        for channel in [2, 3, 4] {
            subs.push(
                s.subscribe(
                    &NewSubscription {
                        guild_id: 1,
                        channel_id: channel,
                        kind: SubKind::Person,
                        value: "Rutte".into(),
                        mention_role_id: None,
                        created_by: Some(7),
                    },
                    10,
                )
                .expect("subscribe"),
            );
        }
        let post = |sub: &crate::store::Subscription, doc: &str, key: &str| NewPost {
            subscription_id: sub.id,
            guild_id: 1,
            channel_id: sub.channel_id,
            mention_role_id: None,
            doc_id: doc.to_string(),
            content: "post".to_string(),
            statement_keys: vec![key.to_string()],
        };
        s.queue_posts(
            &[
                post(&subs[0], "hidden", "a"),
                post(&subs[0], "ok", "b"),
                post(&subs[0], "ok2", "b2"),
                post(&subs[1], "ok", "c"),
                post(&subs[2], "ok", "d"),
            ],
            10,
        )
        .expect("queue");
        s.hide_doc(
            1,
            &HiddenDoc {
                doc_id: "hidden".into(),
                title: "T".into(),
            },
            7,
            11,
        )
        .expect("hide");
        s.set_channel(1, 3, false).expect("channel off");
        let mut settings = s.guild_settings(1).expect("settings");
        settings.posts_per_hour = Some(1);
        s.set_guild_settings(1, &settings).expect("limit");
        let delivery = s.due_posts(20, 20, 10).expect("due");
        let mut due: Vec<(u64, String)> = delivery
            .due
            .iter()
            .map(|r| (r.channel_id, r.doc_id.clone()))
            .collect();
        due.sort();
        assert_eq!(due, [(2, "ok".to_string()), (4, "ok".to_string())]);
        assert_eq!(
            delivery.deferred, 1,
            "the server's limit of one per hour holds back ok2"
        );
    }

    #[test]
    fn a_feed_leaves_when_its_last_server_does() {
        let (_d, s) = store();
        let url = "https://example.org/feed";
        assert!(s.add_guild_feed(1, url, 300, 7, 1).expect("add"));
        assert!(s.add_guild_feed(2, url, 300, 8, 1).expect("add 2"));
        assert!(!s.add_guild_feed(1, url, 300, 7, 1).expect("again"));
        assert_eq!(s.feeds().expect("feeds").len(), 1);
        s.remove_guild_feed(1, url).expect("remove");
        assert_eq!(
            s.feeds().expect("feeds").len(),
            1,
            "server 2 still follows it"
        );
        s.remove_guild_feed(2, url).expect("remove 2");
        assert!(s.feeds().expect("feeds").is_empty());
        assert!(s.remove_guild_feed(2, url).is_err());
    }

    #[test]
    fn an_exported_configuration_imports_the_same_into_a_fresh_database() {
        let (_d, s) = store();
        s.add_guild_feed(1, "https://example.org/feed", 300, 7, 1)
            .expect("feed");
        s.add_mod_role(1, 5, 7, 1).expect("role");
        s.set_channel(1, 9, false).expect("channel");
        s.block(
            1,
            &Block {
                user_id: 42,
                reason: None,
            },
            7,
            1,
        )
        .expect("block");
        s.hide_doc(
            1,
            &HiddenDoc {
                doc_id: "d".into(),
                title: "T".into(),
            },
            7,
            1,
        )
        .expect("hide");
        s.set_guild_template(
            1,
            &GuildTemplate {
                name: "who_said.j2".into(),
                source: "x".into(),
            },
            7,
            1,
        )
        .expect("template");
        s.subscribe(
            &NewSubscription {
                guild_id: 1,
                channel_id: 9,
                kind: SubKind::Topic,
                value: "sanctions".into(),
                mention_role_id: Some(3),
                created_by: Some(7),
            },
            1,
        )
        .expect("sub");
        let exported = s.guild_config(1).expect("export");
        let (_d2, fresh) = store();
        fresh
            .import_guild_config(1, &exported, 300, 7, 5)
            .expect("import");
        assert_eq!(fresh.guild_config(1).expect("again"), exported);
        // Importing twice changes nothing.
        fresh
            .import_guild_config(1, &exported, 300, 7, 6)
            .expect("import twice");
        assert_eq!(fresh.guild_config(1).expect("again"), exported);
    }
}
