-- 020 access codes (一人一码), public links and anonymous exactly-once ingest (issue 4).
-- Why: a code lets one person rate each unit in its scope once, and a public link lets anyone
-- rate once per device, without any row that ties a ballot to the code or device that made it.
-- Codes and device ids are stored only as HMAC-SHA256 digests under a server key; code use is
-- recorded as (code, unit) with no time; accepted ballots wait in ballot_staging and move to
-- ballot in shuffled batches of at least the round's min_group_size, in a transaction of their
-- own, so neither xmin nor row order links a code's use to its ballot (docs/anonymity.md).

-- Server secrets kept in the database when the host is given none (the embedded default).
CREATE TABLE app_secret (
  name   text PRIMARY KEY,
  value  text NOT NULL
);

-- A batch of codes for one round and evaluator category, for one unit, a list, or every unit.
CREATE TABLE code_batch (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id     uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  category_id  uuid NOT NULL REFERENCES evaluator_category(id),
  label        text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
  all_units    boolean NOT NULL,
  issued       integer NOT NULL CHECK (issued BETWEEN 1 AND 100000),
  reissue_of   uuid REFERENCES code_batch(id),
  voided_at    timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX code_batch_round_idx ON code_batch (round_id, created_at);

-- The units of a batch whose scope is a list (all_units = false).
CREATE TABLE code_batch_unit (
  batch_id  uuid NOT NULL REFERENCES code_batch(id) ON DELETE CASCADE,
  unit_id   uuid NOT NULL REFERENCES unit(id),
  PRIMARY KEY (batch_id, unit_id)
);

-- One row per code: its keyed hash (base64url HMAC-SHA256) and batch; never the code itself.
CREATE TABLE access_code (
  code_hash  text PRIMARY KEY,
  batch_id   uuid NOT NULL REFERENCES code_batch(id) ON DELETE CASCADE
);
CREATE INDEX access_code_batch_idx ON access_code (batch_id);

-- A code has rated a unit. No time, no ballot: the primary key makes one use per unit.
CREATE TABLE code_use (
  code_hash  text NOT NULL REFERENCES access_code(code_hash) ON DELETE CASCADE,
  unit_id    uuid NOT NULL,
  PRIMARY KEY (code_hash, unit_id)
);

-- A round anyone may open by link; its ballots are labelled channel 'public'.
CREATE TABLE public_link (
  round_id     uuid PRIMARY KEY REFERENCES round(id) ON DELETE CASCADE,
  category_id  uuid NOT NULL REFERENCES evaluator_category(id)
);

-- A device (keyed hash of its signed token, per round) has rated a unit through the public link.
CREATE TABLE device_use (
  device_hash  text NOT NULL,
  round_id     uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id      uuid NOT NULL,
  PRIMARY KEY (device_hash, round_id, unit_id)
);

-- An accepted submission: a keyed hash of its client-generated id and the answer it got, so a
-- retry gets the same answer. Nothing here names the ballot.
CREATE TABLE submission (
  key_hash  text PRIMARY KEY,
  round_id  uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  valid     boolean NOT NULL
);

-- Accepted ballots not yet mixed into `ballot`; durable, so an acknowledged ballot is never lost.
CREATE TABLE ballot_staging (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id        uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id         uuid NOT NULL REFERENCES unit(id),
  category_id     uuid NOT NULL REFERENCES evaluator_category(id),
  channel         text NOT NULL CHECK (channel IN ('mobile', 'paper', 'meeting', 'public')),
  answers         jsonb NOT NULL,
  opinion         text CHECK (length(opinion) <= 2000),
  valid           boolean NOT NULL,
  invalid_reason  text
);
CREATE INDEX ballot_staging_round_idx ON ballot_staging (round_id);
