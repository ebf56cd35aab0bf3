-- PostgreSQL version of ../0003_leases.sql: the leases of feeds and posts (until when,
-- 0 = not leased, and by which node). The outbox's identity column never reuses an id,
-- so it needs no rebuild.

ALTER TABLE feeds ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN leased_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN leased_by TEXT;
