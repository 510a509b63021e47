-- 055 device uses checked by the group commit, not by a foreign key per row (issue 4, speed of
-- the evaluator's path: the public link).
-- Why: 054 dropped the per-row foreign keys of `code_use` and `submission`; `device_use` kept its
-- key to `round`, so every ballot cast through a round's public link still ran a query of its
-- own (the key's row trigger locking the round FOR KEY SHARE) — while the group commit
-- (ingest/record.ts), the only writer besides the close-time rewrite of the same rows, already
-- holds that round FOR SHARE. What the key did on the round's side is kept by 054's trigger for
-- submissions, now one trigger for both tables (it runs only when a round is deleted or
-- re-keyed):
--  * a round deleted: its submissions and device uses go with it (was ON DELETE CASCADE);
--  * a new id for a round with either: refused with SQLSTATE 23503 (was NO ACTION).

ALTER TABLE device_use DROP CONSTRAINT device_use_round_id_fkey;

DROP TRIGGER submission_round_gone ON round;
DROP FUNCTION submission_round_gone();

CREATE FUNCTION round_referenced_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM submission WHERE round_id = OLD.id;
    DELETE FROM device_use WHERE round_id = OLD.id;
  ELSIF NEW.id <> OLD.id AND (EXISTS (SELECT FROM submission WHERE round_id = OLD.id) OR EXISTS (SELECT FROM device_use WHERE round_id = OLD.id)) THEN
    RAISE EXCEPTION 'round % is still named by submissions or device uses', OLD.id USING ERRCODE = 'foreign_key_violation', TABLE = 'round';
  END IF;
  RETURN NULL;
END $$;

-- A row constraint trigger, as in 054: it fires at the end of the statement.
CREATE CONSTRAINT TRIGGER round_referenced_gone AFTER DELETE OR UPDATE OF id ON round
  FOR EACH ROW EXECUTE FUNCTION round_referenced_gone();
