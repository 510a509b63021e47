-- 055 device uses checked by the group commit, not by a foreign key per row (issue 4, speed of
-- the evaluator's path: the public link).
-- Why: 054 dropped the per-row foreign keys of `code_use` and `submission`; `device_use` kept its
-- key to `round`, so every ballot cast through a round's public link still ran a query of its
-- own (the key's row trigger locking the round FOR KEY SHARE) — while the group commit
-- (ingest/record.ts), the only writer besides the close-time rewrite of the same rows, already
-- holds that round FOR SHARE. What the key did on the round's side is kept by a trigger that
-- runs only when a round is deleted or re-keyed, as 054 did for submissions:
--  * a round deleted: its device uses go with it (was ON DELETE CASCADE);
--  * a new id for a round with device uses: refused with SQLSTATE 23503 (was NO ACTION).

ALTER TABLE device_use DROP CONSTRAINT device_use_round_id_fkey;

CREATE FUNCTION device_use_round_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM device_use WHERE round_id = OLD.id;
  ELSIF NEW.id <> OLD.id AND EXISTS (SELECT FROM device_use WHERE round_id = OLD.id) THEN
    RAISE EXCEPTION 'round % is still named by device uses', OLD.id USING ERRCODE = 'foreign_key_violation', TABLE = 'round';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER device_use_round_gone AFTER DELETE OR UPDATE OF id ON round
  FOR EACH ROW EXECUTE FUNCTION device_use_round_gone();
