-- 054 code uses and submissions checked by the group commit, not by a foreign key per row
-- (issue 4, speed of the evaluator's path).
-- Why: every ballot a group commit stores inserts a `code_use` row and a `submission` row, and
-- the foreign keys of the two ran a query of their own for each (a row trigger locking the code,
-- and one locking the round): in a profile of grids arriving at 8,700 ballots/s, 2 of each
-- ballot's SPI queries and about a tenth of PostgreSQL's time (dropping them: 95–97 → 85–90 µs
-- of PostgreSQL CPU per ballot). The group commit (ingest/record.ts) already finds each code and
-- holds the round FOR SHARE; it now also holds each code's row FOR KEY SHARE, as the foreign key
-- did, so a code deleted meanwhile is refused and not used. Those are the only writers of the two
-- tables (the close-time rewrite puts back the same rows). What the foreign keys did on the other
-- side is kept by triggers that run only when codes or rounds are deleted or re-keyed:
--  * a code deleted (with its batch or round): its uses go with it (was ON DELETE CASCADE);
--  * a round deleted: its submissions go with it (was ON DELETE CASCADE);
--  * a new hash for a used code, or a new id for a round with submissions: refused with
--    SQLSTATE 23503 (was NO ACTION).

ALTER TABLE code_use DROP CONSTRAINT code_use_code_hash_fkey;
ALTER TABLE submission DROP CONSTRAINT submission_round_id_fkey;

CREATE FUNCTION code_use_referenced_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM code_use WHERE code_hash = OLD.code_hash;
  ELSIF NEW.code_hash <> OLD.code_hash AND EXISTS (SELECT FROM code_use WHERE code_hash = OLD.code_hash) THEN
    RAISE EXCEPTION 'access code % is still named by code uses', OLD.code_hash USING ERRCODE = 'foreign_key_violation', TABLE = 'access_code';
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION submission_round_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM submission WHERE round_id = OLD.id;
  ELSIF NEW.id <> OLD.id AND EXISTS (SELECT FROM submission WHERE round_id = OLD.id) THEN
    RAISE EXCEPTION 'round % is still named by submissions', OLD.id USING ERRCODE = 'foreign_key_violation', TABLE = 'round';
  END IF;
  RETURN NULL;
END $$;

-- Row constraint triggers, the kind a foreign key uses on this side: they fire at the end of the
-- statement, after the cascades it started (a batch's codes deleted with it, say).
CREATE CONSTRAINT TRIGGER code_use_code_gone AFTER DELETE OR UPDATE OF code_hash ON access_code
  FOR EACH ROW EXECUTE FUNCTION code_use_referenced_gone();
CREATE CONSTRAINT TRIGGER submission_round_gone AFTER DELETE OR UPDATE OF id ON round
  FOR EACH ROW EXECUTE FUNCTION submission_round_gone();

-- The seal as PL/pgSQL: a SQL function with a FROM is not inlined, and its body was parsed and
-- planned again in every group commit (13–25 µs a statement, measured with pgbench); PL/pgSQL
-- keeps its plans for the connection. Same bytes: a random IV, then AES-256-CBC.
CREATE OR REPLACE FUNCTION pingyi_seal(plain text, key bytea) RETURNS bytea LANGUAGE plpgsql VOLATILE STRICT AS $$
DECLARE
  iv bytea := gen_random_bytes(16);
BEGIN
  RETURN iv || encrypt_iv(convert_to(plain, 'UTF8'), key, iv, 'aes-cbc');
END $$;
