-- 043 staged groups, issue 4 (speed of the evaluator's path).
-- Why: a group commit staged one row per ballot in ballot_staging — a heap row, two index
-- entries and three foreign-key checks each, then one deleted row each at the flush: about a
-- fifth of the database's work per ballot. A group commit now stages one row holding all its
-- ballots as a JSON array; the flush unpacks the groups it takes and mixes their ballots into
-- `ballot` as before (shuffled, new ids, at least the round's k at a time, in a transaction of
-- its own). What a foreign key did per ballot is done per group or by the writers:
--  * category: the group commit locks its ballots' categories (FOR KEY SHARE), and deleting a
--    category checks `category_ids` (categories/store.ts), so a category in use stays;
--  * unit: Pingyi never deletes a unit (rounds and ballots keep them), and the flush's insert
--    into `ballot` checks it as before;
--  * round: the group's own foreign key (ON DELETE CASCADE, as before).

CREATE TABLE staged_group (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id      uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  -- How many ballots `ballots` holds (what the flush adds up against k and its maximum).
  size          int NOT NULL CHECK (size > 0),
  -- The evaluator categories its ballots use: a category listed here cannot be deleted.
  category_ids  uuid[] NOT NULL,
  -- [{unit_id, category_id, channel, answers, opinion, valid, invalid_reason}, …]
  ballots       jsonb NOT NULL CHECK (jsonb_typeof(ballots) = 'array')
);
CREATE INDEX staged_group_round_idx ON staged_group (round_id);

-- One row per staged ballot, for what reads them one by one (turnout, checks); the flush reads
-- the groups.
CREATE VIEW staged_ballot AS
  SELECT g.id AS group_id, g.round_id, b.unit_id, b.category_id, b.channel, b.answers, b.opinion, b.valid, b.invalid_reason
  FROM staged_group g
  CROSS JOIN LATERAL jsonb_to_recordset(g.ballots) AS b(unit_id uuid, category_id uuid, channel text, answers jsonb, opinion text, valid boolean, invalid_reason text);

-- Ballots staged before this migration: one group per round, in a random order.
INSERT INTO staged_group (round_id, size, category_ids, ballots)
SELECT round_id, count(*), array_agg(DISTINCT category_id),
  jsonb_agg(jsonb_build_object('unit_id', unit_id, 'category_id', category_id, 'channel', channel, 'answers', answers,
    'opinion', opinion, 'valid', valid, 'invalid_reason', invalid_reason) ORDER BY random())
FROM ballot_staging
GROUP BY round_id;

DROP TABLE ballot_staging;
