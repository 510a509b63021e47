-- 059 stored keyed hashes shortened to 22 characters (issue 4, speed of the evaluator's path).
-- Why: every code ballot writes a `code_use` row holding two keyed hashes (the code's and its
-- submission's) and an index entry holding one; as base64url HMAC-SHA256 they were 43 characters
-- each, the largest part of what the group commit writes. Their first 22 characters (132 bits)
-- tell apart any number of codes, submissions and devices a server will see (two of a billion
-- alike: odds about 2^-73), as the device cookie's signature always has. Measured: 24-row
-- inserts into a code_use-shaped table of a million rows (alternated 3×), 16–18 µs of backend
-- CPU a row with 43 characters, 13–14 with 22, table and key index 238 → 162 MB; group commits
-- of 24-unit grids on a round with 480,000 uses (bench/statement-costs, alternated 6×), WAL
-- 821–850 → 661–683 bytes a ballot, backend CPU a statement median 1.18 → 1.12 ms.
-- The hasher (server/codes/keyed-hash.ts) now keeps 22 characters for these purposes, and the
-- hashes stored before are cut to the same prefix here, so codes handed out, submissions waiting
-- for a retry and devices that have voted are recognised as before. The key check's mark and
-- the seal keys keep their whole digest.
-- Order: the code uses before the codes (the trigger of sql/054 refuses a code's new hash while
-- uses name the old one); the re-check uses' foreign key is taken off and put back (it would
-- refuse either side changing first). Each UPDATE leaves the old row versions to autovacuum.

ALTER TABLE recheck_use DROP CONSTRAINT recheck_use_code_hash_fkey;

UPDATE code_use SET code_hash = left(code_hash, 22), key_hash = left(key_hash, 22);
UPDATE recheck_use SET code_hash = left(code_hash, 22);
UPDATE access_code SET code_hash = left(code_hash, 22);
UPDATE submission SET key_hash = left(key_hash, 22);
UPDATE device_use SET device_hash = left(device_hash, 22);

ALTER TABLE recheck_use ADD CONSTRAINT recheck_use_code_hash_fkey
  FOREIGN KEY (code_hash) REFERENCES access_code (code_hash) ON DELETE CASCADE;
