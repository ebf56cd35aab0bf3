-- Moderation: per-server settings, moderator roles, hidden documents, blocked members,
-- channel switches, the server's own templates, the feeds a server added, and the audit
-- log. Times are Unix seconds (UTC).

CREATE TABLE guild_settings (
    guild_id               INTEGER PRIMARY KEY,
    -- Whether a channel without its own switch is enabled (answers mentions, may post).
    channels_default       INTEGER NOT NULL DEFAULT 1,
    ask_cooldown_secs      INTEGER,
    posts_per_hour         INTEGER,
    modlog_channel_id      INTEGER
);

CREATE TABLE mod_roles (
    guild_id INTEGER NOT NULL,
    role_id  INTEGER NOT NULL,
    added_by INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, role_id)
);

CREATE TABLE hidden_docs (
    guild_id  INTEGER NOT NULL,
    doc_id    TEXT NOT NULL,
    title     TEXT NOT NULL,
    hidden_by INTEGER NOT NULL,
    hidden_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, doc_id)
);

CREATE TABLE blocks (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    reason     TEXT,
    blocked_by INTEGER NOT NULL,
    blocked_at INTEGER NOT NULL,
    -- Set once the member was told they are blocked (told once only).
    noticed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE channel_settings (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    enabled    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE guild_templates (
    guild_id   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    set_by     INTEGER NOT NULL,
    set_at     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, name)
);

-- Which server asked for which feed (feeds themselves are shared by every server).
CREATE TABLE guild_feeds (
    guild_id INTEGER NOT NULL,
    url      TEXT NOT NULL,
    added_by INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, url)
);

-- Append-only: one numbered case per server for every moderator action and every refused
-- attempt. Corrections are new cases; the triggers refuse edits and deletions.
CREATE TABLE audit_log (
    guild_id   INTEGER NOT NULL,
    case_no    INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT,
    reason     TEXT,
    outcome    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, case_no)
);
CREATE INDEX audit_log_actor ON audit_log(guild_id, actor_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
