-- Conversations: the last few turns of each answer the bot posted, so that a reply to it,
-- a question in a thread started from it, or one of its buttons reads against it. One row
-- per answer message, keyed by server, channel and message: a conversation is never
-- shared across servers (guild_id 0: a direct message). `turns` is JSON the store does not
-- read (`qa::Conversation`, bounded there); rows older than a day are ignored and purged.

CREATE TABLE conversations (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    -- The thread the answer was posted in, when that thread was started from an answer:
    -- a question asked there follows up on the newest answer in it.
    thread_id  INTEGER,
    asker_id   INTEGER NOT NULL,
    -- What the answer's buttons carry, checked on every click.
    nonce      TEXT NOT NULL,
    turns      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id, message_id)
);

CREATE INDEX conversations_by_message ON conversations (guild_id, message_id);
CREATE INDEX conversations_by_thread ON conversations (guild_id, thread_id);
CREATE INDEX conversations_by_age ON conversations (created_at);
