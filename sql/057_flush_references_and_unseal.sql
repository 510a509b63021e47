-- 057 a flush checks each round, unit and category its ballots name once, and unseals its groups
-- inline (issue 4, speed of the evaluator's path).
-- Why: measured on a flush of 1,008 ballots (42 staged groups of a 24-unit grid), 20 ms in all:
--  * ballot_references_check (044) read the statement's new rows six times and probed the
--    round, unit and category index once per row (3 × 1,008 probes for one round, 24 units and
--    one category): 2.6 ms. It now reads them once into the distinct ids, locks and checks
--    those: 0.36 ms. The same locks in the same order, the same refusal (23503).
--  * pingyi_unseal (052) was declared IMMUTABLE over convert_from, which is STABLE, so the
--    planner would not inline it and ran it as a statement of its own per staged group
--    (0.054 ms each). Declared STABLE (what its body is), it is inlined into the flush.
-- In all, under EXPLAIN ANALYZE, 17.2 ms against 20.2 for that flush; its backend's CPU per ballot
-- (one connection, 40 flushes of 1,008, alternated four times) 15.1–18.4 µs, mean 16.9, against
-- 17.1–20.1, mean 18.7.

ALTER FUNCTION pingyi_unseal(bytea, bytea) STABLE;

CREATE OR REPLACE FUNCTION ballot_references_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rounds uuid[];
  units uuid[];
  categories uuid[];
  missing text;
BEGIN
  -- The ids the new rows name, each once (a flush names one round and a few dozen units).
  SELECT array_agg(DISTINCT round_id), array_agg(DISTINCT unit_id), array_agg(DISTINCT category_id)
    INTO rounds, units, categories FROM added;
  -- In key order, one lock order for every writer.
  PERFORM FROM round WHERE id = ANY (rounds) ORDER BY id FOR KEY SHARE;
  PERFORM FROM unit WHERE id = ANY (units) ORDER BY id FOR KEY SHARE;
  PERFORM FROM evaluator_category WHERE id = ANY (categories) ORDER BY id FOR KEY SHARE;
  -- Read after the locks (a new snapshot): a row deleted by a transaction that committed while
  -- this one waited is gone here.
  SELECT coalesce(
      (SELECT 'round ' || x FROM unnest(rounds) x WHERE NOT EXISTS (SELECT FROM round r WHERE r.id = x) LIMIT 1),
      (SELECT 'unit ' || x FROM unnest(units) x WHERE NOT EXISTS (SELECT FROM unit u WHERE u.id = x) LIMIT 1),
      (SELECT 'evaluator_category ' || x FROM unnest(categories) x WHERE NOT EXISTS (SELECT FROM evaluator_category c WHERE c.id = x) LIMIT 1))
    INTO missing;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'ballot refers to % that does not exist', missing USING ERRCODE = 'foreign_key_violation', TABLE = 'ballot';
  END IF;
  RETURN NULL;
END $$;
