-- 058 ballots without a unique index on their id (issue 4, speed of the flush).
-- Why: a ballot's id is a random UUID v4 (anonymity: no order in it), and nothing refers to it —
-- no table, no API, no export (an opinion copied from a ballot keeps its round and unit only).
-- Its primary key index cost every flush an insert at a random leaf per ballot: measured on a
-- 24-unit round (bench/statement-costs, alternated 3×), the flush's backend CPU per ballot
-- 17.9–19.6 µs with it, 15.4–16.7 without; 90 bytes of WAL a ballot of about 1,000; and after
-- each checkpoint a full-page image of nearly every leaf it touched (2 million ballots in the
-- table, the 10 s after a CHECKPOINT at 10,000 ballots/s: 510 more WAL bytes a ballot, the WAL
-- the group commits wait for on every fsync).
-- Kept: the id itself (random v4, NOT NULL, as before). The flush's padding at close deletes the
-- ballots it re-inserts by their place (ctid). Logical replication needs an identity for the
-- rows the close deletes and re-inserts: the whole row.

ALTER TABLE ballot DROP CONSTRAINT ballot_pkey;
ALTER TABLE ballot ALTER COLUMN id SET NOT NULL;
ALTER TABLE ballot REPLICA IDENTITY FULL;
