-- 047 ballot counts per round × unit × channel, so that results say where ballots came from.
-- Why: a ballot's channel (mobile: by access code, public: by the public link, paper, meeting)
-- was stored on the ballot row alone, and results are read from counts, never from ballots
-- (DESIGN.md: the cost follows units, not ballots); so no result could say how many ballots
-- came by the public link. The staging flush now adds to these counts in the statement that
-- adds to ballot_count; this fills them in for ballots already counted. Counts only: a channel
-- says nothing about an answer.

CREATE TABLE channel_count (
  round_id  uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id   uuid NOT NULL,
  channel   text NOT NULL CHECK (channel IN ('mobile', 'paper', 'meeting', 'public')),
  valid     bigint NOT NULL DEFAULT 0,
  invalid   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, unit_id, channel)
);

-- As for tally and ballot_count (045): whatever writes the counts raises the round's version,
-- which the results cache checks.
CREATE TRIGGER channel_count_version_insert AFTER INSERT ON channel_count
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER channel_count_version_update AFTER UPDATE ON channel_count
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER channel_count_version_delete AFTER DELETE ON channel_count
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();

INSERT INTO channel_count (round_id, unit_id, channel, valid, invalid)
SELECT round_id, unit_id, channel, count(*) FILTER (WHERE valid), count(*) FILTER (WHERE NOT valid)
FROM ballot
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
