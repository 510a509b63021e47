-- 042 re-check (整改是否到位), issue 6.
-- Why: a later round (整改落实 or 回头看) asks evaluators whether each public rectification item of
-- its units was really fixed. Answers are kept only as counts. Like ballots (020), an accepted
-- answer waits in recheck_staging and is added to recheck_tally in a transaction of its own, so the
-- tally's xmin is never the one of the code use that admitted it.

CREATE TABLE recheck_item (
  round_id  uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  item_id   uuid NOT NULL REFERENCES rectification_item(id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, item_id)
);
CREATE INDEX recheck_item_item_idx ON recheck_item (item_id);

-- A code has answered about an item. No time, no answer.
CREATE TABLE recheck_use (
  code_hash  text NOT NULL REFERENCES access_code(code_hash) ON DELETE CASCADE,
  item_id    uuid NOT NULL REFERENCES rectification_item(id) ON DELETE CASCADE,
  PRIMARY KEY (code_hash, item_id)
);

CREATE TABLE recheck_staging (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id  uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  item_id   uuid NOT NULL REFERENCES rectification_item(id) ON DELETE CASCADE,
  answer    text NOT NULL CHECK (answer IN ('satisfied', 'basic', 'unsatisfied', 'unknown'))
);
CREATE INDEX recheck_staging_round_idx ON recheck_staging (round_id);

-- 满意 / 基本满意 / 不满意 / 不了解 counts per round and item.
CREATE TABLE recheck_tally (
  round_id  uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  item_id   uuid NOT NULL REFERENCES rectification_item(id) ON DELETE CASCADE,
  answer    text NOT NULL CHECK (answer IN ('satisfied', 'basic', 'unsatisfied', 'unknown')),
  n         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, item_id, answer)
);
