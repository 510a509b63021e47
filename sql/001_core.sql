-- 001 core: the tables the walking skeleton needs to take one ballot from the phone form to a chart.
-- Why: campaign → units (a tree) → evaluator categories → a form (dimensions and an answer scale)
-- → a round that uses the form → ballots, with tallies kept current as ballots land so that
-- results cost the same for a thousand ballots or ten million (DESIGN.md, "tally").

CREATE TABLE campaign (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  theme       text NOT NULL DEFAULT '',
  batch       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE unit (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  parent_id    uuid REFERENCES unit(id),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind         text NOT NULL,
  code         text,
  position     integer NOT NULL DEFAULT 0,
  archived_at  timestamptz,
  UNIQUE (campaign_id, code)
);
CREATE INDEX unit_parent_idx ON unit (campaign_id, parent_id);

CREATE TABLE evaluator_category (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  weight       numeric(6,2) NOT NULL DEFAULT 0 CHECK (weight >= 0),
  position     integer NOT NULL DEFAULT 0,
  UNIQUE (campaign_id, name)
);

-- A form is one version of a questionnaire; a version used by a round that has opened is frozen.
CREATE TABLE form (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  version      integer NOT NULL DEFAULT 1,
  opinion_box  boolean NOT NULL DEFAULT true,
  min_answered integer NOT NULL DEFAULT 0 CHECK (min_answered >= 0),
  frozen_at    timestamptz,
  UNIQUE (campaign_id, name, version)
);

-- Small integer ids: ballots store answers as {dimension id: level id}, and tallies key on them.
CREATE TABLE form_dimension (
  id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  form_id   uuid NOT NULL REFERENCES form(id) ON DELETE CASCADE,
  position  integer NOT NULL,
  label     text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  UNIQUE (form_id, position)
);

CREATE TABLE form_level (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  form_id    uuid NOT NULL REFERENCES form(id) ON DELETE CASCADE,
  position   integer NOT NULL,
  label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
  score      numeric(6,2) NOT NULL DEFAULT 0,
  satisfied  boolean NOT NULL DEFAULT false,
  abstain    boolean NOT NULL DEFAULT false,
  UNIQUE (form_id, position),
  CHECK (NOT (satisfied AND abstain))
);

CREATE TABLE round (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id     uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  form_id         uuid NOT NULL REFERENCES form(id),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  stage           text NOT NULL CHECK (stage IN ('study', 'analysis', 'rectification', 'review')),
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'published')),
  min_group_size  integer NOT NULL DEFAULT 5 CHECK (min_group_size >= 1),
  opens_at        timestamptz,
  closes_at       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE round_unit (
  round_id    uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id     uuid NOT NULL REFERENCES unit(id),
  handed_out  integer NOT NULL DEFAULT 0 CHECK (handed_out >= 0),
  position    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, unit_id)
);

-- A ballot carries no code, address, device, user agent or precise time (CONVENTIONS.md,
-- "Anonymity traps"); its id is a random v4 UUID and its only date is the day.
CREATE TABLE ballot (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id        uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id         uuid NOT NULL REFERENCES unit(id),
  category_id     uuid NOT NULL REFERENCES evaluator_category(id),
  channel         text NOT NULL CHECK (channel IN ('mobile', 'paper', 'meeting', 'public')),
  answers         jsonb NOT NULL,
  opinion         text CHECK (length(opinion) <= 2000),
  valid           boolean NOT NULL DEFAULT true,
  invalid_reason  text,
  day             date NOT NULL DEFAULT current_date
);
CREATE INDEX ballot_round_unit_idx ON ballot (round_id, unit_id);

-- Answer counts per round × unit × category × dimension × level, for valid ballots.
CREATE TABLE tally (
  round_id      uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id       uuid NOT NULL,
  category_id   uuid NOT NULL,
  dimension_id  integer NOT NULL,
  level_id      integer NOT NULL,
  n             bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, unit_id, category_id, dimension_id, level_id)
);

-- Ballot counts per round × unit × category, valid and invalid, for turnout and 回收率.
CREATE TABLE ballot_count (
  round_id     uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  unit_id      uuid NOT NULL,
  category_id  uuid NOT NULL,
  valid        bigint NOT NULL DEFAULT 0,
  invalid      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, unit_id, category_id)
);
