-- 025 paper ballots and meetings (issue 4): sittings with a ballot register, double-keyed entry batches.
-- Why: paper slips handed out at a meeting (评议大会) or by 书面评议 are typed in by clerks. A sitting
-- records how many slips were handed out and returned; one whose returned slips exceed those
-- handed out is void (the rule for paper votes: 收回票数多于发出票数的,该次表决无效) and its
-- ballots count only after an organiser accepts it. Every batch of slips is keyed twice by two
-- different clerks; mismatches are resolved by an organiser or a third keying before the batch is
-- committed, exactly once, through ballot_staging (shuffled, so entry order never reaches `ballot`).
-- Entries are deleted when their batch is committed or rejected: the paper is the record, and no
-- row keeps a clerk, a sheet number or an entry order next to a counted ballot.

CREATE TABLE sitting (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id    uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  channel     text NOT NULL CHECK (channel IN ('paper', 'meeting')),
  -- The register, counted by hand at the sitting; NULL until entered.
  handed_out  integer CHECK (handed_out BETWEEN 0 AND 1000000),
  returned    integer CHECK (returned BETWEEN 0 AND 1000000),
  -- An organiser's decision on a void sitting (returned > handed_out).
  decision    text CHECK (decision IN ('accepted', 'rejected')),
  created_at  timestamptz NOT NULL,
  UNIQUE (round_id, name)
);

-- A stack of slips of one sitting, keyed as a unit. Sheet counts are set when it is committed.
CREATE TABLE paper_batch (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sitting_id  uuid NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status      text NOT NULL DEFAULT 'entering' CHECK (status IN ('entering', 'held', 'committed', 'rejected')),
  sheets      integer NOT NULL DEFAULT 0,
  valid       integer NOT NULL DEFAULT 0,
  invalid     integer NOT NULL DEFAULT 0,
  blank       integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL,
  UNIQUE (sitting_id, name)
);
CREATE INDEX paper_batch_sitting_idx ON paper_batch (sitting_id);

-- One keying of a batch (1st, 2nd, or a 3rd to settle mismatches), each by a different person.
CREATE TABLE paper_pass (
  batch_id  uuid NOT NULL REFERENCES paper_batch(id) ON DELETE CASCADE,
  pass      smallint NOT NULL CHECK (pass BETWEEN 1 AND 3),
  user_id   uuid REFERENCES app_user(id) ON DELETE SET NULL,
  done      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (batch_id, pass)
);
CREATE UNIQUE INDEX paper_pass_user_idx ON paper_pass (batch_id, user_id);

-- One slip as keyed in one pass: its category, whether it is spoiled (作废), and its cells
-- {unit id: {dimension id: level id}}; blank cells are absent.
CREATE TABLE paper_entry (
  batch_id     uuid NOT NULL,
  pass         smallint NOT NULL,
  sheet        integer NOT NULL CHECK (sheet BETWEEN 1 AND 100000),
  category_id  uuid NOT NULL REFERENCES evaluator_category(id),
  spoiled      boolean NOT NULL DEFAULT false,
  cells        jsonb NOT NULL,
  PRIMARY KEY (batch_id, pass, sheet),
  FOREIGN KEY (batch_id, pass) REFERENCES paper_pass(batch_id, pass) ON DELETE CASCADE
);

-- An organiser's value for one field of one slip where the keyings disagree.
-- field: 'present', 'category', 'spoiled' or '<unit id>:<dimension id>'; value '' means blank / no.
CREATE TABLE paper_resolution (
  batch_id  uuid NOT NULL REFERENCES paper_batch(id) ON DELETE CASCADE,
  sheet     integer NOT NULL,
  field     text NOT NULL CHECK (length(field) BETWEEN 1 AND 100),
  value     text NOT NULL CHECK (length(value) <= 100),
  PRIMARY KEY (batch_id, sheet, field)
);
