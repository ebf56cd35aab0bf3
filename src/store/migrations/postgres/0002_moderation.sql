-- PostgreSQL version of ../0002_moderation.sql: the same tables; BIGINT for INTEGER, and
-- the append-only audit log enforced by a PL/pgSQL trigger (also against TRUNCATE).

-- Moderation: per-server settings, moderator roles, hidden documents, blocked members,
-- channel switches, the server's own templates, the feeds a server added, and the audit
-- log. Times are Unix seconds (UTC).

CREATE TABLE guild_settings (
    guild_id               BIGINT PRIMARY KEY,
    -- Whether a channel without its own switch is enabled (answers mentions, may post).
    channels_default       BIGINT NOT NULL DEFAULT 1,
    ask_cooldown_secs      BIGINT,
    posts_per_hour         BIGINT,
    modlog_channel_id      BIGINT
);

CREATE TABLE mod_roles (
    guild_id BIGINT NOT NULL,
    role_id  BIGINT NOT NULL,
    added_by BIGINT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, role_id)
);

CREATE TABLE hidden_docs (
    guild_id  BIGINT NOT NULL,
    doc_id    TEXT NOT NULL,
    title     TEXT NOT NULL,
    hidden_by BIGINT NOT NULL,
    hidden_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, doc_id)
);

CREATE TABLE blocks (
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    reason     TEXT,
    blocked_by BIGINT NOT NULL,
    blocked_at BIGINT NOT NULL,
    -- Set once the member was told they are blocked (told once only).
    noticed    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE channel_settings (
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    enabled    BIGINT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE guild_templates (
    guild_id   BIGINT NOT NULL,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    set_by     BIGINT NOT NULL,
    set_at     BIGINT NOT NULL,
    PRIMARY KEY (guild_id, name)
);

-- Which server asked for which feed (feeds themselves are shared by every server).
CREATE TABLE guild_feeds (
    guild_id BIGINT NOT NULL,
    url      TEXT NOT NULL,
    added_by BIGINT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, url)
);

-- Append-only: one numbered case per server for every moderator action and every refused
-- attempt. Corrections are new cases; the triggers refuse edits and deletions.
CREATE TABLE audit_log (
    guild_id   BIGINT NOT NULL,
    case_no    BIGINT NOT NULL,
    actor_id   BIGINT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT,
    reason     TEXT,
    outcome    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, case_no)
);
CREATE INDEX audit_log_actor ON audit_log(guild_id, actor_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
