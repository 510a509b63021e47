-- 015 campaign setup: what organisers need to set up a round without touching SQL (issue 3).
-- Why: a draft round may exist before its form is chosen; a round names its channels and its
-- formula (which levels count as satisfied, the ranking measure, the 补课 threshold), and the
-- formula is locked when the round opens so that published numbers cannot be re-defined later.
-- Forms may ask overall questions (the 整改落实 survey of seed 002) besides per-unit dimensions.

ALTER TABLE round ALTER COLUMN form_id DROP NOT NULL;

ALTER TABLE round
  ADD COLUMN channels           jsonb NOT NULL DEFAULT '["codes"]',
  ADD COLUMN satisfied_levels   jsonb,
  ADD COLUMN ranking_measure    text NOT NULL DEFAULT 'satisfaction'
    CHECK (ranking_measure IN ('satisfaction', 'score', 'weighted_score')),
  ADD COLUMN remedial_threshold numeric(5,2) CHECK (remedial_threshold BETWEEN 0 AND 100),
  ADD COLUMN formula_locked_at  timestamptz;

COMMENT ON COLUMN round.satisfied_levels IS 'form_level ids counted in 满意率; NULL until open means the form''s satisfied flags';
COMMENT ON COLUMN round.remedial_threshold IS 'satisfaction rate (percent) under which a unit needs 补课';

ALTER TABLE form_dimension
  ADD COLUMN kind text NOT NULL DEFAULT 'dimension' CHECK (kind IN ('dimension', 'overall'));

CREATE INDEX round_campaign_idx ON round (campaign_id, created_at);
CREATE INDEX form_campaign_idx ON form (campaign_id, name, version);
CREATE INDEX round_form_idx ON round (form_id);
