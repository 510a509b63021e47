-- 041 rectification items (整改事项, 四明确一承诺), issue 6.
-- Why: seed 002/004 — every problem found gets an item with a target and deadline, measures, a
-- responsible person and unit and a public commitment, sorted into 可立即解决 / 经过努力可以解决 /
-- 依靠自身力量难以解决, tracked "件件有着落、事事有回音" and shown on a public board.
-- Overdue is computed from the deadline and today's date in Asia/Shanghai on every read; it is
-- never stored, so it cannot go stale.

CREATE TABLE rectification_item (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  unit_id      uuid NOT NULL REFERENCES unit(id),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  target       text NOT NULL DEFAULT '' CHECK (length(target) <= 2000),
  deadline     date NOT NULL,
  measures     text NOT NULL DEFAULT '' CHECK (length(measures) <= 4000),
  owner        text NOT NULL CHECK (length(owner) BETWEEN 1 AND 100),
  commitment   text NOT NULL DEFAULT '' CHECK (length(commitment) <= 2000),
  -- immediate: 可立即解决; effort: 经过努力可以解决; beyond: 依靠自身力量难以解决
  class        text NOT NULL CHECK (class IN ('immediate', 'effort', 'beyond')),
  status       text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done')),
  public       boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX rectification_item_campaign_idx ON rectification_item (campaign_id, unit_id);

CREATE TABLE rectification_opinion (
  item_id     uuid NOT NULL REFERENCES rectification_item(id) ON DELETE CASCADE,
  opinion_id  uuid NOT NULL REFERENCES opinion(id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, opinion_id)
);
CREATE INDEX rectification_opinion_opinion_idx ON rectification_opinion (opinion_id);

-- Progress reports: the date the work was done (as the unit says it) and what was done.
CREATE TABLE rectification_update (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id      uuid NOT NULL REFERENCES rectification_item(id) ON DELETE CASCADE,
  on_date      date NOT NULL,
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  author_id    uuid REFERENCES app_user(id) ON DELETE SET NULL,
  author_name  text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX rectification_update_item_idx ON rectification_update (item_id, on_date DESC);
