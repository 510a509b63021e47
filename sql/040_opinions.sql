-- 040 opinions (征求意见), issue 6.
-- Why: the point of every evaluation is what happens next. Opinions come from the opinion box of
-- ballots and from the eight channels of seed 000/002 (书面填表, 会议座谈, 网络信息, 上门走访,
-- 信访接访, 问卷调查, 意见信箱, 当面谈话); the office sorts them into its areas, merges duplicates
-- (002: 290,000 collected, merged to 5,312, in 13 areas), assigns them to units and records replies.
-- A ballot's opinion is copied here with its round and unit only: no ballot id, no answers, no day,
-- so this table cannot tie an opinion to a ballot's answers. It is shown only where the unit has
-- at least the round's min_group_size ballots (checked on every read, not stored).

-- A campaign's public address for its rectification board: /board/<slug> (or its id).
ALTER TABLE campaign ADD COLUMN slug text UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$');

CREATE TABLE opinion_area (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  position     integer NOT NULL DEFAULT 0,
  UNIQUE (campaign_id, name)
);

CREATE TABLE opinion (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id       uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  -- ballot: from a ballot's opinion box; staff: entered from a channel; merged: made by merging others.
  source            text NOT NULL CHECK (source IN ('ballot', 'staff', 'merged')),
  channel           text CHECK (channel IN ('written_form', 'meeting', 'online', 'home_visit', 'petition', 'questionnaire', 'mailbox', 'talk', 'ballot')),
  round_id          uuid REFERENCES round(id) ON DELETE CASCADE,
  -- The unit the opinion is about (for a ballot: the unit evaluated; never changes).
  unit_id           uuid REFERENCES unit(id),
  -- The unit asked to answer it.
  assigned_unit_id  uuid REFERENCES unit(id),
  area_id           uuid REFERENCES opinion_area(id) ON DELETE SET NULL,
  body              text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  -- body normalised for search (NFKC, lower case, no white space); see server/opinions/search.ts.
  search_text       text NOT NULL,
  received_on       date,
  -- Set on the originals of a merged opinion; a merged opinion's originals are never merged ones.
  merged_into       uuid REFERENCES opinion(id),
  -- How many collected opinions this one stands for: 1, or the number of its originals.
  merged_count      integer NOT NULL DEFAULT 1 CHECK (merged_count >= 1),
  reply             text CHECK (length(reply) <= 2000),
  replied_on        date,
  replied_by        text,
  created_at        timestamptz NOT NULL,
  CHECK ((source = 'ballot') = (round_id IS NOT NULL)),
  CHECK ((source = 'merged') = (channel IS NULL)),
  CHECK (source <> 'staff' OR (unit_id IS NOT NULL AND received_on IS NOT NULL))
);
CREATE INDEX opinion_campaign_idx ON opinion (campaign_id, created_at);
CREATE INDEX opinion_merged_idx ON opinion (merged_into);
CREATE INDEX opinion_round_unit_idx ON opinion (round_id, unit_id);

-- A round whose ballot opinions were copied into `opinion` (once, after it closed).
CREATE TABLE opinion_import (
  round_id     uuid PRIMARY KEY REFERENCES round(id) ON DELETE CASCADE,
  imported     integer NOT NULL,
  imported_at  timestamptz NOT NULL
);
