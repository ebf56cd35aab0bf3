-- PostgreSQL version of ../0007_feedback.sql: members' votes on cited statements.

CREATE TABLE feedback (
    guild_id      BIGINT NOT NULL,
    statement_key TEXT NOT NULL,
    member_id     BIGINT NOT NULL,
    -- 1 for 👍, -1 for 👎.
    vote          BIGINT NOT NULL,
    -- 1 when the member was one of the server's moderators when voting.
    moderator     BIGINT NOT NULL,
    question      TEXT NOT NULL,
    doc_id        TEXT NOT NULL,
    cited         TEXT NOT NULL,
    url           TEXT,
    voted_at      BIGINT NOT NULL,
    PRIMARY KEY (guild_id, statement_key, member_id)
);
