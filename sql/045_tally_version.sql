-- 045 a version per round's tallies, so that a cached results document is checked in a row read.
-- Why: a closed round's results are served from `results_cache` while a fingerprint of their
-- inputs still matches (038), and that fingerprint summed every `tally` and `ballot_count` row
-- of the round: 7–8 ms of its 10 ms for a round of 200 units × 6 categories × 6 dimensions ×
-- 4 levels, on every read (a unit page across 3 rounds computes three). The sums are replaced by
-- this counter, raised once per statement that writes either table for the round — whatever
-- writes it: the flush, a fix by hand in SQL, a test. Deleting a round deletes its row.

CREATE TABLE tally_version (
  round_id  uuid PRIMARY KEY REFERENCES round(id) ON DELETE CASCADE,
  version   bigint NOT NULL
);

CREATE FUNCTION tally_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- No insert here: a round being deleted (the cascade to its tallies) is gone with its row.
    UPDATE tally_version SET version = version + 1 WHERE round_id IN (SELECT round_id FROM old_rows);
    RETURN NULL;
  END IF;
  INSERT INTO tally_version (round_id, version)
  SELECT DISTINCT round_id, 1 FROM new_rows ORDER BY round_id
  ON CONFLICT (round_id) DO UPDATE SET version = tally_version.version + 1;
  IF TG_OP = 'UPDATE' THEN
    -- A row moved to another round changes the one it left too.
    UPDATE tally_version SET version = version + 1
    WHERE round_id IN (SELECT round_id FROM old_rows EXCEPT SELECT round_id FROM new_rows);
  END IF;
  RETURN NULL;
END $$;

-- Transition tables take one event per trigger: three per table.
CREATE TRIGGER tally_version_insert AFTER INSERT ON tally
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER tally_version_update AFTER UPDATE ON tally
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER tally_version_delete AFTER DELETE ON tally
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER ballot_count_version_insert AFTER INSERT ON ballot_count
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER ballot_count_version_update AFTER UPDATE ON ballot_count
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();
CREATE TRIGGER ballot_count_version_delete AFTER DELETE ON ballot_count
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_version_raise();

-- Rounds that already have tallies start at version 1 (the stored fingerprints change anyway).
INSERT INTO tally_version (round_id, version)
SELECT round_id, 1 FROM (SELECT round_id FROM tally UNION SELECT round_id FROM ballot_count) r;
