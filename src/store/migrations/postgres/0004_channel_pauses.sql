-- PostgreSQL version of ../0004_channel_pauses.sql: channels the bot may not post in.

CREATE TABLE channel_pauses (
    channel_id BIGINT PRIMARY KEY,
    guild_id   BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    since      BIGINT NOT NULL
);
