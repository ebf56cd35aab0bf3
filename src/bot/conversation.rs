//! Conversations in Discord: which earlier answer a question follows up on, and keeping the
//! conversation of each answer the bot posts.
//!
//! A question follows up on an answer when it replies to it (a message reference), or when
//! it is asked in a thread started from an answer (a mention, or `/ask`): then the newest
//! answer in that thread. The turns are kept in the state database per answer message,
//! keyed by server, channel and message (so never shared across servers or channels), for
//! a day, and survive a restart. Each answer also gets a fresh nonce, which its buttons
//! carry (see [`super::buttons`]).
//! Calls `store` (the rows), `qa` (the turns) and serenity's message types.

use serenity::all::{Message, UserId};

use crate::qa::{Conversation, Turn};
use crate::store::{self, Store, StoredConversation};

/// The conversation a question follows, and the thread its answers go on in.
pub struct Following {
    pub conversation: Conversation,
    /// The thread started from an answer that the question was asked in.
    pub thread_id: Option<u64>,
}

impl Following {
    pub fn last(&self) -> Option<Turn> {
        self.conversation.last().cloned()
    }
}

/// The server a message or interaction is in; 0 for a direct message.
pub fn guild_key(guild: Option<u64>) -> u64 {
    guild.unwrap_or(0)
}

/// The conversation `message` follows up on: the answer it replies to, else the newest
/// answer of the thread it is in (when that thread was started from an answer).
pub fn for_message(store: &Store, message: &Message, now: i64) -> Option<Following> {
    let guild = guild_key(message.guild_id.map(|g| g.get()));
    let channel = message.channel_id.get();
    if let Some(replied) = message
        .message_reference
        .as_ref()
        .and_then(|r| r.message_id)
    {
        let row = read(store.conversation(guild, channel, replied.get(), now))?;
        return following(&row);
    }
    in_thread(store, guild, channel, now)
}

/// The conversation a question asked in channel `channel` follows: the newest answer of
/// the thread, when `channel` is a thread started from an answer.
pub fn in_thread(store: &Store, guild: u64, channel: u64, now: i64) -> Option<Following> {
    let row = read(store.thread_conversation(guild, channel, now))?;
    let mut f = following(&row)?;
    f.thread_id = Some(channel);
    Some(f)
}

/// The stored turns of `row`; `None` (logged) when they cannot be read.
pub fn turns(row: &StoredConversation) -> Option<Conversation> {
    match serde_json::from_str(&row.turns) {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::warn!(message = row.message_id, error = %e, "a kept conversation cannot be read; answering as a new question");
            None
        }
    }
}

fn following(row: &StoredConversation) -> Option<Following> {
    Some(Following {
        conversation: turns(row)?,
        thread_id: row.thread_id,
    })
}

/// A row read, a failure logged and taken as none: a question is still answered.
fn read(found: store::Result<Option<StoredConversation>>) -> Option<StoredConversation> {
    match found {
        Ok(row) => row,
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the conversation; answering as a new question");
            None
        }
    }
}

/// A new answer's nonce: what its buttons carry, unguessable enough that a click with
/// another answer's buttons, or a made-up one, is told apart.
pub fn new_nonce() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = format!(
        "{:?} {} {}",
        std::time::SystemTime::now(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    blake3::hash(seed.as_bytes()).to_hex()[..super::buttons::NONCE_LEN].to_string()
}

/// Where an answer was posted and for whom.
pub struct Posted<'a> {
    pub guild: u64,
    pub channel: u64,
    /// The messages the answer's pages became.
    pub messages: &'a [u64],
    pub thread_id: Option<u64>,
    pub asker: UserId,
    pub nonce: &'a str,
}

/// Keep `conversation` for every message of an answer; a failure is logged (the answer is
/// out, only its follow-ups and buttons will not find it).
pub fn keep(store: &Store, at: &Posted<'_>, conversation: &Conversation) {
    let turns = match serde_json::to_string(conversation) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "cannot write a conversation");
            return;
        }
    };
    let now = store::now();
    for &message in at.messages {
        let row = StoredConversation {
            guild_id: at.guild,
            channel_id: at.channel,
            message_id: message,
            thread_id: at.thread_id,
            asker_id: at.asker.get(),
            nonce: at.nonce.to_string(),
            turns: turns.clone(),
            created_at: now,
        };
        if let Err(e) = store.save_conversation(&row) {
            tracing::warn!(message, error = %e, "cannot keep the conversation of an answer");
        }
    }
}

/// The conversation after `turn`: `before`'s turns (bounded) and this one.
pub fn after(before: Option<Conversation>, turn: Turn) -> Conversation {
    let mut c = before.unwrap_or_default();
    c.push(turn);
    c
}
