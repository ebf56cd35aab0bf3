//! Subscriptions: which channel hears about which person, topic or feed. Also the
//! statements `store::moderation` reuses on this table (import, blocks pausing a member's
//! subscriptions).
//! Calls nothing outside `store`.

use super::db::{args, Conn, Row};

use super::{id64, require_changed, Result, Store, StoreError};

/// Subscriptions one server may hold: each can make the bot fetch a feed and post.
pub const MAX_SUBSCRIPTIONS_PER_GUILD: usize = 50;

/// What a subscription follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubKind {
    Person,
    Topic,
    Feed,
}

impl SubKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            SubKind::Person => "person",
            SubKind::Topic => "topic",
            SubKind::Feed => "feed",
        }
    }

    pub fn parse(s: &str) -> Option<SubKind> {
        match s {
            "person" => Some(SubKind::Person),
            "topic" => Some(SubKind::Topic),
            "feed" => Some(SubKind::Feed),
            _ => None,
        }
    }
}

/// A subscription as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Subscription {
    pub id: i64,
    pub guild_id: u64,
    pub channel_id: u64,
    pub kind: SubKind,
    /// The person's name, the topic query, or the feed's URL.
    pub value: String,
    pub mention_role_id: Option<u64>,
    pub created_by: Option<u64>,
    pub created_at: i64,
    /// Paused by a moderator (a blocked member's) or because the channel was deleted:
    /// nothing new is matched.
    pub paused: bool,
    /// Why the bot may not post in the channel now (see [`Store::pause_channel`]): new
    /// posts are still queued, and wait.
    pub channel_paused: Option<String>,
}

/// A subscription to add.
#[derive(Clone, Debug)]
pub struct NewSubscription {
    pub guild_id: u64,
    pub channel_id: u64,
    pub kind: SubKind,
    pub value: String,
    pub mention_role_id: Option<u64>,
    pub created_by: Option<u64>,
}

const SUB_COLUMNS: &str =
    "id, guild_id, channel_id, kind, value, mention_role_id, created_by, created_at, paused, \
     (SELECT reason FROM channel_pauses p WHERE p.channel_id = subscriptions.channel_id)";

fn sub_row(r: &Row) -> Result<Subscription> {
    let kind: String = r.get(3)?;
    Ok(Subscription {
        id: r.get(0)?,
        guild_id: r.get::<i64>(1)? as u64,
        channel_id: r.get::<i64>(2)? as u64,
        kind: SubKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown subscription kind {kind:?}").into(),
            )
        })?,
        value: r.get(4)?,
        mention_role_id: r.get::<Option<i64>>(5)?.map(|v| v as u64),
        created_by: r.get::<Option<i64>>(6)?.map(|v| v as u64),
        created_at: r.get(7)?,
        paused: r.get(8)?,
        channel_paused: r.get(9)?,
    })
}

/// The key space of the per-server lock on PostgreSQL (the two-key form of advisory
/// locks, apart from the one-key locks of migrations and post claims).
const GUILD_LOCK_SPACE: i64 = 0x7773_7562; // "wsub"

/// Refuse when `guild_id` would hold more than [`MAX_SUBSCRIPTIONS_PER_GUILD`] once
/// `adding` more are in. Called in the transaction that adds them: it holds the server's
/// lock from here to the commit, so two nodes adding at once count one after the other
/// (SQLite's write transaction already runs them one at a time).
pub(super) fn check_guild_count(conn: &Conn<'_>, guild_id: u64, adding: usize) -> Result<()> {
    if conn.is_postgres() {
        // Folded into the lock's 32-bit key: two servers sharing one only wait for each other.
        let key = (guild_id ^ (guild_id >> 32)) as u32 as i32;
        conn.execute(
            "SELECT pg_advisory_xact_lock(CAST(?1 AS INTEGER), CAST(?2 AS INTEGER))",
            args![GUILD_LOCK_SPACE, i64::from(key)],
        )?;
    }
    let held: i64 = conn.query_one(
        "SELECT COUNT(*) FROM subscriptions WHERE guild_id = ?1",
        args![id64(guild_id)],
        |r| r.get(0),
    )?;
    let total = usize::try_from(held)
        .unwrap_or(usize::MAX)
        .saturating_add(adding);
    if total > MAX_SUBSCRIPTIONS_PER_GUILD {
        return Err(StoreError::Limit(format!(
            "a server may have at most {MAX_SUBSCRIPTIONS_PER_GUILD} subscriptions and this one would have {total}: remove some first"
        )));
    }
    Ok(())
}

/// What adding a subscription the channel already has does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum OnDuplicate {
    /// The statement fails (the table's uniqueness constraint).
    Fail,
    /// Nothing is added.
    Skip,
}

/// Add a subscription, `paused` or not; false when it was a duplicate left out.
pub(super) fn insert(
    conn: &Conn<'_>,
    sub: &NewSubscription,
    paused: bool,
    now: i64,
    on_duplicate: OnDuplicate,
) -> Result<bool> {
    let verb = match on_duplicate {
        OnDuplicate::Fail => "INSERT",
        OnDuplicate::Skip => "INSERT OR IGNORE",
    };
    let n = conn.execute(
        &format!(
            "{verb} INTO subscriptions (guild_id, channel_id, kind, value, mention_role_id, created_by, created_at, paused)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        args![
            id64(sub.guild_id),
            id64(sub.channel_id),
            sub.kind.as_str(),
            &sub.value,
            sub.mention_role_id.map(id64),
            sub.created_by.map(id64),
            now,
            paused
        ],
    )?;
    Ok(n > 0)
}

/// Pause (or resume) the subscriptions a member created in a server.
pub(super) fn pause_created_by(
    conn: &Conn<'_>,
    guild_id: u64,
    user_id: u64,
    paused: bool,
) -> Result<()> {
    conn.execute(
        "UPDATE subscriptions SET paused = ?3 WHERE guild_id = ?1 AND created_by = ?2",
        args![id64(guild_id), id64(user_id), paused],
    )?;
    Ok(())
}

impl Store {
    /// Add a subscription. The same (channel, kind, value) twice is a conflict; a server
    /// already holding [`MAX_SUBSCRIPTIONS_PER_GUILD`] is refused.
    pub fn subscribe(&self, sub: &NewSubscription, now: i64) -> Result<Subscription> {
        let already = |id: Option<i64>| {
            let which = id
                .map(|id| format!(" (subscription {id})"))
                .unwrap_or_default();
            StoreError::Conflict(format!(
                "this channel already follows {} {:?}{which}",
                sub.kind.as_str(),
                sub.value
            ))
        };
        let same = "FROM subscriptions WHERE channel_id = ?1 AND kind = ?2 AND value = ?3";
        let key = args![id64(sub.channel_id), sub.kind.as_str(), &sub.value];
        self.in_transaction(|tx| {
            check_guild_count(tx, sub.guild_id, 1)?;
            let exists = tx.query_opt(&format!("SELECT id {same}"), key, |r| r.get(0))?;
            if exists.is_some() {
                return Err(already(exists));
            }
            // Another node adding the same one at this moment: the unique key says so.
            insert(tx, sub, false, now, OnDuplicate::Fail).map_err(|e| match e {
                StoreError::Conflict(_) => already(None),
                e => e,
            })?;
            tx.query_one(&format!("SELECT {SUB_COLUMNS} {same}"), key, sub_row)
        })
    }

    /// Remove a subscription of a guild; its pending posts go with it.
    pub fn unsubscribe(&self, guild_id: u64, id: i64) -> Result<()> {
        let n = self.conn()?.execute(
            "DELETE FROM subscriptions WHERE id = ?1 AND guild_id = ?2",
            args![id, id64(guild_id)],
        )?;
        require_changed(n, || format!("no subscription {id} in this server"))
    }

    /// The subscriptions of a guild (all guilds with `None`).
    pub fn subscriptions(&self, guild_id: Option<u64>) -> Result<Vec<Subscription>> {
        self.query_all(
            &format!(
            "SELECT {SUB_COLUMNS} FROM subscriptions WHERE CAST(?1 AS BIGINT) IS NULL OR guild_id = ?1 ORDER BY id"
        ),
            args![guild_id.map(id64)],
            sub_row,
        )
    }

    /// A channel that no longer exists (Discord deleted it): its subscriptions are paused,
    /// so nothing new is queued for it, and its pending posts dropped with `reason`, so
    /// none is tried against it again (every refused request counts against Discord's
    /// invalid-request limit). Kept, not deleted, so `/subscriptions` still shows them
    /// and `/unsubscribe` removes them. A permission pause of the channel ends with it
    /// (nothing waits there any more). Returns (subscriptions paused, posts dropped).
    pub fn channel_gone(&self, channel_id: u64, reason: &str) -> Result<(usize, usize)> {
        self.in_transaction(|tx| {
            tx.execute(
                "DELETE FROM channel_pauses WHERE channel_id = ?1",
                args![id64(channel_id)],
            )?;
            let paused = tx.execute(
                "UPDATE subscriptions SET paused = 1 WHERE channel_id = ?1 AND paused = 0",
                args![id64(channel_id)],
            )?;
            let dropped = tx.execute(
                "UPDATE outbox SET status = 'dropped', last_error = ?2
             WHERE channel_id = ?1 AND status = 'pending'",
                args![id64(channel_id), reason],
            )?;
            Ok((paused, dropped))
        })
    }

    /// The subscriptions that are not paused: what new statements are matched against.
    pub fn active_subscriptions(&self) -> Result<Vec<Subscription>> {
        self.query_all(
            &format!("SELECT {SUB_COLUMNS} FROM subscriptions WHERE paused = 0 ORDER BY id"),
            args![],
            sub_row,
        )
    }
}
