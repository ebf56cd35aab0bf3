-- Work done once across nodes, and nonces never reused.
--
-- `lease_until` (Unix seconds, 0 = not leased): a node that takes a due feed or post
-- leases it until then; no other node takes it before, and when the node dies it is
-- taken again after. `leased_by` names the node, so a node started again frees what it
-- held before. Recording the outcome clears both.
--
-- The outbox is rebuilt with AUTOINCREMENT: a post's nonce is derived from its id, and a
-- plain INTEGER PRIMARY KEY may hand the id of the newest deleted row to the next post.
-- SQLite's twelve-step table change: foreign keys are off while it runs (see
-- store::migrate), so dropping the old table does not cascade into outbox_claims, which
-- then refers to the new table by name.

ALTER TABLE feeds ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN leased_by TEXT;

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
    sent_at         INTEGER,
    lease_until     INTEGER NOT NULL DEFAULT 0,
    leased_by       TEXT
);
INSERT INTO outbox_new (id, subscription_id, guild_id, channel_id, mention_role_id, doc_id,
        content, nonce, status, attempts, next_attempt, last_error, created_at, sent_at)
    SELECT id, subscription_id, guild_id, channel_id, mention_role_id, doc_id,
        content, nonce, status, attempts, next_attempt, last_error, created_at, sent_at
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt);
CREATE INDEX outbox_channel_sent ON outbox(channel_id, sent_at);

-- Counting starts past every id known to have been used: the rows kept, and the posts
-- recorded for rows deleted since.
DELETE FROM sqlite_sequence WHERE name = 'outbox';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'outbox', MAX(COALESCE((SELECT MAX(id) FROM outbox), 0),
                         COALESCE((SELECT MAX(outbox_id) FROM posts), 0));
