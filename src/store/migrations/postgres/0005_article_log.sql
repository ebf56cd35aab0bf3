-- The article log: every article `whosaid ingest` or a feed poll takes in, as a JSON
-- `corpus::Document`, numbered in the order appended. Each `serve` node tails it into its
-- own index, resuming after the last `seq` its index commit recorded. A new version of an
-- article (same id, other content) is a new row; the same content again appends nothing.
-- Appenders hold an advisory lock, so `seq` order is commit order and a tailer reading
-- `seq > N` never skips a row committed late.

CREATE TABLE article_log (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    appended_at BIGINT NOT NULL
);

-- The latest version of an article, to tell a repeat from a change.
CREATE INDEX article_log_doc ON article_log (doc_id, seq);
