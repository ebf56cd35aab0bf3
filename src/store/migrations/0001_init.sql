-- Feeds, the items seen in them, subscriptions, the delivery outbox and what was posted.
-- Times are Unix seconds (UTC). Plain SQL that PostgreSQL also reads, apart from
-- INTEGER PRIMARY KEY (BIGSERIAL there).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE feeds (
    id                 INTEGER PRIMARY KEY,
    url                TEXT NOT NULL UNIQUE,
    title              TEXT,
    added_at           INTEGER NOT NULL,
    poll_interval_secs INTEGER NOT NULL,
    etag               TEXT,
    last_modified      TEXT,
    last_fetch         INTEGER,
    last_success       INTEGER,
    next_poll          INTEGER NOT NULL,
    failures           INTEGER NOT NULL DEFAULT 0,
    last_error         TEXT,
    paused             INTEGER NOT NULL DEFAULT 0,
    paused_reason      TEXT,
    polled             INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE feed_items (
    id           INTEGER PRIMARY KEY,
    feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid         TEXT,
    link         TEXT,
    content_hash TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL
);
CREATE INDEX feed_items_guid ON feed_items(feed_id, guid);
CREATE INDEX feed_items_link ON feed_items(feed_id, link);
CREATE INDEX feed_items_hash ON feed_items(feed_id, content_hash);

CREATE TABLE subscriptions (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'topic', 'feed')),
    value           TEXT NOT NULL,
    mention_role_id INTEGER,
    created_by      INTEGER,
    created_at      INTEGER NOT NULL,
    paused          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel_id, kind, value)
);

-- One update post waiting for (or done with) delivery. Statements are grouped per article,
-- so one post may carry several statements; `outbox_claims` holds one row per
-- (subscription, statement) and its primary key is what makes a statement queue at most
-- once per subscription.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    guild_id        INTEGER NOT NULL,
    channel_id      INTEGER NOT NULL,
    mention_role_id INTEGER,
    doc_id          TEXT NOT NULL,
    content         TEXT NOT NULL,
    nonce           TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt    INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt);
CREATE INDEX outbox_channel_sent ON outbox(channel_id, sent_at);

CREATE TABLE outbox_claims (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    statement_key   TEXT NOT NULL,
    outbox_id       INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    PRIMARY KEY (subscription_id, statement_key)
);

-- What was posted: kept when subscriptions go, for the audit trail.
CREATE TABLE posts (
    id         INTEGER PRIMARY KEY,
    outbox_id  INTEGER NOT NULL UNIQUE,
    channel_id INTEGER NOT NULL,
    message_id INTEGER,
    doc_id     TEXT NOT NULL,
    posted_at  INTEGER NOT NULL
);
