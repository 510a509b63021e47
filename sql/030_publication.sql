-- 030 publication: immutable snapshots of a closed round's results for a chosen audience (issue 5).
-- Why: "nobody sees results before they are published to an audience that includes them". An
-- organiser publishes a closed round to leaders, named units (each with its subtree) and/or the
-- public; what they read is this row's content — the numbers with the minimum group size applied
-- and the formula, never an opinion — frozen at publication, with the SHA-256 of its canonical
-- JSON so a printed report can be checked against it. Revoking stops serving it; nothing else
-- about a publication may ever change (the trigger below). The public page /p/:slug is served
-- only inside the optional 公示 window.

CREATE TABLE publication (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id      uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  campaign_id   uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]{12}$'),
  to_leaders    boolean NOT NULL DEFAULT false,
  -- Units named as audience, as a JSON array of unit ids; each includes its subtree.
  unit_ids      jsonb NOT NULL DEFAULT '[]',
  to_public     boolean NOT NULL DEFAULT false,
  window_start  timestamptz,
  window_end    timestamptz,
  content       jsonb NOT NULL,
  -- Hex SHA-256 of the canonical JSON of content (keys sorted, no spaces).
  hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  published_by  uuid REFERENCES app_user(id) ON DELETE SET NULL,
  published_at  timestamptz NOT NULL,
  revoked_at    timestamptz,
  CHECK (window_start IS NULL OR window_end IS NULL OR window_end > window_start)
);
CREATE INDEX publication_round_idx ON publication (round_id, published_at DESC);

-- Immutable: the only change a publication accepts is its revocation, once.
CREATE FUNCTION publication_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.revoked_at IS NOT NULL OR (to_jsonb(NEW) - 'revoked_at') IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_at') THEN
    RAISE EXCEPTION 'publication % is immutable', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER publication_immutable BEFORE UPDATE ON publication FOR EACH ROW EXECUTE FUNCTION publication_immutable();
