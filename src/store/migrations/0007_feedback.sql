-- Feedback on answers: a member's 👍 or 👎 on one cited statement, once per member (a
-- second click changes the vote). Per server: a statement voted down in one server is
-- never left out of another's answers. What was cited is kept as shown (question, speaker,
-- what was said, link), so `/mod feedback` lists it without the index.

CREATE TABLE feedback (
    guild_id      INTEGER NOT NULL,
    statement_key TEXT NOT NULL,
    member_id     INTEGER NOT NULL,
    -- 1 for 👍, -1 for 👎.
    vote          INTEGER NOT NULL,
    -- 1 when the member was one of the server's moderators when voting.
    moderator     INTEGER NOT NULL,
    question      TEXT NOT NULL,
    doc_id        TEXT NOT NULL,
    cited         TEXT NOT NULL,
    url           TEXT,
    voted_at      INTEGER NOT NULL,
    PRIMARY KEY (guild_id, statement_key, member_id)
);
