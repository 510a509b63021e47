-- 044 ballot references checked once per statement, issue 4 (speed of the evaluator's path).
-- Why: a flush inserts about a thousand ballots in one statement, and the three foreign keys of
-- `ballot` checked each row with a query of its own (a row trigger locking the round, the unit
-- and the category it names). Measured on a flush of 774 ballots: 21.8 ms of its 48 ms in those
-- checks, 10.5 ms on the round row alone, which every group commit holds FOR SHARE at the same
-- time. The same guarantees, kept by triggers that work on the whole set:
--  * insert or update of ballots: once per statement, the rounds, units and categories the new
--    rows name are locked FOR KEY SHARE, as a foreign key locks them (deleting one waits for
--    this transaction), then any that is gone is refused with SQLSTATE 23503, as before;
--  * delete of a round: its ballots are deleted with it (was ON DELETE CASCADE);
--  * delete of a unit or category that ballots name, or a new id for any of the three: refused
--    with 23503 (was NO ACTION).
-- The delete side are row constraint triggers, the kind a foreign key itself uses there: they
-- fire when the foreign key's did, at the end of the statement, after the cascades it started.
-- (Deleting these is rare; inserting ballots is the hot path.)

ALTER TABLE ballot
  DROP CONSTRAINT ballot_round_id_fkey,
  DROP CONSTRAINT ballot_unit_id_fkey,
  DROP CONSTRAINT ballot_category_id_fkey;

CREATE FUNCTION ballot_references_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  -- In key order, one lock order for every writer.
  PERFORM FROM round WHERE id IN (SELECT round_id FROM added) ORDER BY id FOR KEY SHARE;
  PERFORM FROM unit WHERE id IN (SELECT unit_id FROM added) ORDER BY id FOR KEY SHARE;
  PERFORM FROM evaluator_category WHERE id IN (SELECT category_id FROM added) ORDER BY id FOR KEY SHARE;
  -- Read after the locks (a new snapshot): a row deleted by a transaction that committed while
  -- this one waited is gone here.
  SELECT coalesce(
      (SELECT 'round ' || a.round_id FROM added a WHERE NOT EXISTS (SELECT FROM round r WHERE r.id = a.round_id) LIMIT 1),
      (SELECT 'unit ' || a.unit_id FROM added a WHERE NOT EXISTS (SELECT FROM unit u WHERE u.id = a.unit_id) LIMIT 1),
      (SELECT 'evaluator_category ' || a.category_id FROM added a WHERE NOT EXISTS (SELECT FROM evaluator_category c WHERE c.id = a.category_id) LIMIT 1))
    INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'ballot refers to % that does not exist', missing USING ERRCODE = 'foreign_key_violation', TABLE = 'ballot';
  END IF;
  RETURN NULL;
END $$;

-- Transition tables take one event per trigger: one for inserts, one for updates.
CREATE TRIGGER ballot_references_insert AFTER INSERT ON ballot
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ballot_references_check();
CREATE TRIGGER ballot_references_update AFTER UPDATE ON ballot
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ballot_references_check();

CREATE FUNCTION ballot_referenced_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'round' THEN
    DELETE FROM ballot WHERE round_id = OLD.id;
  ELSIF TG_TABLE_NAME = 'round' AND EXISTS (SELECT FROM ballot WHERE round_id = OLD.id)
     OR TG_TABLE_NAME = 'unit' AND EXISTS (SELECT FROM ballot WHERE unit_id = OLD.id)
     OR TG_TABLE_NAME = 'evaluator_category' AND EXISTS (SELECT FROM ballot WHERE category_id = OLD.id) THEN
    RAISE EXCEPTION '% % is still named by ballots', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ballot_round_gone AFTER DELETE OR UPDATE OF id ON round
  FOR EACH ROW EXECUTE FUNCTION ballot_referenced_gone();
CREATE CONSTRAINT TRIGGER ballot_unit_gone AFTER DELETE OR UPDATE OF id ON unit
  FOR EACH ROW EXECUTE FUNCTION ballot_referenced_gone();
CREATE CONSTRAINT TRIGGER ballot_category_gone AFTER DELETE OR UPDATE OF id ON evaluator_category
  FOR EACH ROW EXECUTE FUNCTION ballot_referenced_gone();
