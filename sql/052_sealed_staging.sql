-- 052 staged ballots sealed until their flush (anonymity review, finding 5).
-- Why: a group commit writes a code's `code_use` row and the `staged_group` row holding its
-- ballot in one transaction, so until the flush mixes at least k ballots into `ballot`, the two
-- share an xmin. Anyone reading the database while a round is open (a DBA, a replica, a backup
-- or a copy of the embedded data folder; the WAL too) could join them and read each staged
-- ballot's answers and opinion beside its code's keyed hash — and, at low load, as it arrives,
-- which someone watching the hall can put a name to. Now the group commit seals the group's
-- ballots (AES-256-CBC, a random IV per group) with a key derived from the server key for the
-- round (ingest/seal.ts) that never reaches the database except as a parameter of the
-- statements that seal and unseal; the flush unseals them inside its one statement. In clear
-- stay only what the code and device use rows already say: each staged ballot's unit, category
-- and channel (`heads`, for turnout), and the group's size and categories.
-- Paper batches' groups (keyed by clerks from slips, no code) and groups staged before this
-- migration keep `ballots` in clear; the flush reads either.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

ALTER TABLE staged_group
  ALTER COLUMN ballots DROP NOT NULL,
  -- iv (16 bytes) || AES-256-CBC of the group's JSON array of ballots
  ADD COLUMN sealed bytea,
  -- [{unit_id, category_id, channel}, …]: one per ballot, in an order of their own
  ADD COLUMN heads jsonb CHECK (jsonb_typeof(heads) = 'array'),
  ADD CONSTRAINT staged_group_sealed_or_clear CHECK ((ballots IS NULL) <> (sealed IS NULL) AND (sealed IS NULL) = (heads IS NULL));

-- Seals a JSON text with a 32-byte key: a random IV, then the ciphertext.
CREATE FUNCTION pingyi_seal(plain text, key bytea) RETURNS bytea LANGUAGE sql VOLATILE STRICT AS $$
  SELECT iv || encrypt_iv(convert_to(plain, 'UTF8'), key, iv, 'aes-cbc') FROM (SELECT gen_random_bytes(16) AS iv) r
$$;

-- The JSON a pingyi_seal sealed (an error with any other key: the padding does not check out,
-- or the text is not JSON).
CREATE FUNCTION pingyi_unseal(sealed bytea, key bytea) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT convert_from(decrypt_iv(substr(sealed, 17), key, substr(sealed, 1, 16), 'aes-cbc'), 'UTF8')::jsonb
$$;

-- Each staged ballot's unit, category and channel, sealed or not: what turnout counts.
CREATE VIEW staged_head AS
  SELECT g.id AS group_id, g.round_id, h.unit_id, h.category_id, h.channel
  FROM staged_group g
  CROSS JOIN LATERAL jsonb_to_recordset(coalesce(g.heads, g.ballots)) AS h(unit_id uuid, category_id uuid, channel text);
