-- Documents the operator hid (`whosaid docs hide ID`): never cited by the bot in any
-- server, nor shown by the statement explorer. Per-server hiding stays in hidden_docs.
CREATE TABLE operator_hidden_docs (
    doc_id    TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    hidden_at BIGINT NOT NULL
);
