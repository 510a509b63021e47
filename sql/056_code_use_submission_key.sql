-- 056 a code ballot's exactly-once key kept in its code use, not in a `submission` row of its own
-- (issue 4, speed of the evaluator's path).
-- Why: a code may rate a unit once, so the code use (code hash, unit) already stores a code
-- ballot at most once; the `submission` row beside it only told a retry of the same submission
-- (answered "counted" again) from another submission with the same code (409). The key in the
-- use row tells the same, and the group commit writes one row and one index entry a ballot
-- fewer: its PostgreSQL CPU per ballot 20 µs against 28 (statement costs, grids of 24 units).
-- A retry's answer (valid or not) is its own ballot checked again against the frozen form, the
-- same answer the first copy got; nothing stores whether a code's ballot was valid any more.
-- Public-link ballots keep their `submission` rows: a device that lost its cookie sends its
-- queued retry as another device, and only the submission key then tells it is a retry.
-- Rows written before this migration have no key; their retries are still answered from their
-- `submission` rows.

ALTER TABLE code_use ADD COLUMN key_hash text;
