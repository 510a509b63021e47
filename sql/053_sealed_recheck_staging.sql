-- 053 re-check answers sealed until their flush, as staged ballots are (052).
-- Why: accepting an evaluator's 整改是否到位 answers writes the code's `recheck_use` rows and the
-- staged answers in one transaction: until the flush (k distinct codes, sql/050) they share an
-- xmin, so a reader of the live database could read each staged answer beside its code's hash.
-- The answer is now sealed with the round's seal key (ingest/seal.ts); the item stays in clear
-- (the code's recheck_use rows name it already). Answers staged before this migration stay in
-- clear; the flush reads either.

ALTER TABLE recheck_staging
  ALTER COLUMN answer DROP NOT NULL,
  -- iv || AES-256-CBC of the answer as a JSON string (pingyi_seal)
  ADD COLUMN sealed bytea,
  ADD CONSTRAINT recheck_staging_sealed_or_clear CHECK ((answer IS NULL) <> (sealed IS NULL));
