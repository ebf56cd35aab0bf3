-- The article log (issue 17) lives in PostgreSQL only: with SQLite there is one node, and
-- `whosaid ingest` writes its index directly. Nothing to do; the number keeps both
-- backends at the same schema version.
SELECT 1;
