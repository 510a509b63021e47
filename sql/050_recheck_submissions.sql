-- 050 re-check answers flushed by evaluators, not by answers (anonymity review, finding 2).
-- Why: the re-check flush started once the round had k staged *answers*, so one evaluator who
-- answered k items was flushed alone and the tally rows it wrote could be tied to that code's
-- recheck_use rows; closing a round neither flushed re-check staging nor rewrote recheck_use, so
-- leftover staged answers joined their code on xmin. Now each staged answer carries its
-- submission (a random id, one per POST, tied to nothing else) and whether that submission was
-- its code's first in the round; the flush waits for k first submissions, i.e. k distinct codes
-- (server/recheck/flush.ts). Closing mixes the rest into the tally and rewrites the round's
-- recheck_use and recheck_tally rows in key order, in one transaction.

ALTER TABLE recheck_staging
  ADD COLUMN submission_id uuid,
  ADD COLUMN first_of_code boolean NOT NULL DEFAULT false;

-- Answers staged before: one submission per writing transaction (its answers share an xmin), none
-- known to be its code's first, so none counts towards k (closing mixes them in all the same).
-- The update gives them this migration's xmin: they no longer join their code's use.
WITH g AS MATERIALIZED (SELECT x, gen_random_uuid() AS id FROM (SELECT DISTINCT xmin::text AS x FROM recheck_staging) d)
UPDATE recheck_staging s SET submission_id = g.id FROM g WHERE g.x = s.xmin::text;

ALTER TABLE recheck_staging
  ALTER COLUMN submission_id SET NOT NULL,
  ALTER COLUMN first_of_code DROP DEFAULT;

-- Rounds closed before: what closing does now. Their staged answers join the tally, then the
-- tally and use rows of every closed round are rewritten in key order, all with this xmin.
WITH moved AS (
  DELETE FROM recheck_staging WHERE round_id IN (SELECT id FROM round WHERE status IN ('closed', 'published'))
  RETURNING round_id, item_id, answer
)
INSERT INTO recheck_tally (round_id, item_id, answer, n)
SELECT round_id, item_id, answer, count(*) FROM moved GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (round_id, item_id, answer) DO UPDATE SET n = recheck_tally.n + excluded.n;

WITH gone AS (
  DELETE FROM recheck_tally WHERE round_id IN (SELECT id FROM round WHERE status IN ('closed', 'published'))
  RETURNING round_id, item_id, answer, n
)
INSERT INTO recheck_tally (round_id, item_id, answer, n)
SELECT round_id, item_id, answer, n FROM gone ORDER BY round_id, item_id, answer;

WITH gone AS (
  DELETE FROM recheck_use WHERE code_hash IN (
    SELECT c.code_hash FROM access_code c
    JOIN code_batch b ON b.id = c.batch_id
    JOIN round r ON r.id = b.round_id
    WHERE r.status IN ('closed', 'published'))
  RETURNING code_hash, item_id
)
INSERT INTO recheck_use (code_hash, item_id)
SELECT code_hash, item_id FROM gone ORDER BY code_hash, item_id;
