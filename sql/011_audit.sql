-- 011 audit: who changed what, when, with the row before and after.
-- Why: issue 3 — every change to rounds, forms, codes, hand-entered ballots and publications is
-- recorded for organisers to review. Features write it with recordAudit() inside the same
-- transaction as the change, so a change and its record commit or roll back together.
-- actor_name is copied so the record still reads right after an account is deleted.
-- Never put an access code, or anything that links a ballot to a code or person, in before/after.

CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id     uuid REFERENCES app_user(id) ON DELETE SET NULL,
  actor_name   text NOT NULL,
  -- The campaign the change belongs to; NULL for office-wide changes. SET NULL on delete: the
  -- record outlives its campaign.
  campaign_id  uuid REFERENCES campaign(id) ON DELETE SET NULL,
  action       text NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  entity       text NOT NULL CHECK (length(entity) BETWEEN 1 AND 64),
  entity_id    text,
  before       jsonb,
  after        jsonb,
  at           timestamptz NOT NULL
);
CREATE INDEX audit_log_campaign_idx ON audit_log (campaign_id, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id DESC);
