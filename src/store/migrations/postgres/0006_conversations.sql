-- PostgreSQL version of ../0006_conversations.sql: the turns kept per answer message.

CREATE TABLE conversations (
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    -- The thread the answer was posted in, when that thread was started from an answer:
    -- a question asked there follows up on the newest answer in it.
    thread_id  BIGINT,
    asker_id   BIGINT NOT NULL,
    -- What the answer's buttons carry, checked on every click.
    nonce      TEXT NOT NULL,
    turns      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, channel_id, message_id)
);

CREATE INDEX conversations_by_message ON conversations (guild_id, message_id);
CREATE INDEX conversations_by_thread ON conversations (guild_id, thread_id);
CREATE INDEX conversations_by_age ON conversations (created_at);
