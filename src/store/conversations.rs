//! The conversation kept per answer (`conversations`): the last few turns, as JSON this
//! module does not read, with the nonce the answer's buttons carry. Keyed by server,
//! channel and message, so a conversation is never shared across servers; a row older
//! than [`CONVERSATION_SECS`] is as good as gone (ignored on reads, purged by
//! [`Store::purge_conversations`]).
//! Calls only the `store` helpers.

use super::db::{args, Row};
use super::{id64, uid, Result, Store};

/// How long a conversation lasts: a follow-up a day later is a new question.
pub const CONVERSATION_SECS: i64 = 24 * 60 * 60;

/// One answer's conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredConversation {
    /// 0 in a direct message.
    pub guild_id: u64,
    pub channel_id: u64,
    pub message_id: u64,
    /// The thread the answer was posted in, when that thread was started from an answer.
    pub thread_id: Option<u64>,
    pub asker_id: u64,
    pub nonce: String,
    /// The turns, as `qa::Conversation` writes them.
    pub turns: String,
    pub created_at: i64,
}

const COLUMNS: &str =
    "guild_id, channel_id, message_id, thread_id, asker_id, nonce, turns, created_at";

fn row(r: &Row) -> Result<StoredConversation> {
    Ok(StoredConversation {
        guild_id: uid(r.get(0)?),
        channel_id: uid(r.get(1)?),
        message_id: uid(r.get(2)?),
        thread_id: r.get::<Option<i64>>(3)?.map(uid),
        asker_id: uid(r.get(4)?),
        nonce: r.get(5)?,
        turns: r.get(6)?,
        created_at: r.get(7)?,
    })
}

impl Store {
    /// Keep `c` for its answer message (replacing what that message had).
    pub fn save_conversation(&self, c: &StoredConversation) -> Result<()> {
        self.in_transaction(|tx| {
            tx.execute(
                "DELETE FROM conversations
                 WHERE guild_id = ?1 AND channel_id = ?2 AND message_id = ?3",
                args![id64(c.guild_id), id64(c.channel_id), id64(c.message_id)],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO conversations ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                args![
                    id64(c.guild_id),
                    id64(c.channel_id),
                    id64(c.message_id),
                    c.thread_id.map(id64),
                    id64(c.asker_id),
                    &c.nonce,
                    &c.turns,
                    c.created_at
                ],
            )?;
            Ok(())
        })
    }

    /// The conversation of answer `message_id` in that server and channel, unless it
    /// expired by `now`.
    pub fn conversation(
        &self,
        guild_id: u64,
        channel_id: u64,
        message_id: u64,
        now: i64,
    ) -> Result<Option<StoredConversation>> {
        self.conn()?.query_opt(
            &format!(
                "SELECT {COLUMNS} FROM conversations
                 WHERE guild_id = ?1 AND channel_id = ?2 AND message_id = ?3 AND created_at > ?4"
            ),
            args![
                id64(guild_id),
                id64(channel_id),
                id64(message_id),
                now - CONVERSATION_SECS
            ],
            row,
        )
    }

    /// The conversation a question in thread `thread_id` of that server follows: the newest
    /// answer posted in the thread, else the answer the thread was started from (a thread
    /// started from a message has the message's id). `None` for any other channel.
    pub fn thread_conversation(
        &self,
        guild_id: u64,
        thread_id: u64,
        now: i64,
    ) -> Result<Option<StoredConversation>> {
        self.conn()?.query_opt(
            &format!(
                "SELECT {COLUMNS} FROM conversations
                 WHERE guild_id = ?1 AND (thread_id = ?2 OR message_id = ?2) AND created_at > ?3
                 ORDER BY created_at DESC, message_id DESC LIMIT 1"
            ),
            args![id64(guild_id), id64(thread_id), now - CONVERSATION_SECS],
            row,
        )
    }

    /// Forget the conversations that expired by `now`; how many.
    pub fn purge_conversations(&self, now: i64) -> Result<usize> {
        self.conn()?.execute(
            "DELETE FROM conversations WHERE created_at <= ?1",
            args![now - CONVERSATION_SECS],
        )
    }
}
