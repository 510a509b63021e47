-- Computed results of a closed round, kept with a fingerprint of everything they were computed
-- from (round, form, units, categories, tallies, ballot counts). A read recomputes the
-- fingerprint in one query and serves the stored document only while it still matches, so a
-- stale document is never served and nothing has to remember to invalidate it.
CREATE TABLE results_cache (
  round_id     uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  fingerprint  text NOT NULL,
  body         text NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id)
);
