-- 010 auth: accounts with a role and a scope, database sessions, clerks' rounds, login throttling.
-- Why: issue 3 — nobody may do more than their role allows. Organisers, leaders, unit liaisons and
-- clerks log in to the console; the server checks role and scope on every request.
-- Passwords are stored only as a slow KDF hash (PBKDF2-SHA256 with a per-user salt); sessions are
-- stored only as a hash of their random token, so a copy of this table cannot be replayed as a login.

-- "user" is reserved in SQL, hence app_user.
CREATE TABLE app_user (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.@-]{1,63}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role           text NOT NULL CHECK (role IN ('organiser', 'leader', 'liaison', 'clerk')),
  -- NULL only for an office-wide organiser, who may act in every campaign.
  campaign_id    uuid REFERENCES campaign(id) ON DELETE CASCADE,
  -- The root of a liaison's unit subtree; only liaisons have one.
  unit_id        uuid REFERENCES unit(id),
  password_hash  text NOT NULL,
  disabled_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (role = 'organiser' OR campaign_id IS NOT NULL),
  CHECK ((role = 'liaison') = (unit_id IS NOT NULL))
);
CREATE INDEX app_user_campaign_idx ON app_user (campaign_id);

-- token_hash is the hex SHA-256 of the cookie's random token; the token itself is never stored.
-- Times are written by the app from its clock (c.get('now')) so timeouts are testable.
CREATE TABLE user_session (
  token_hash    text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- The rounds a clerk was given to enter paper ballots for.
CREATE TABLE clerk_round (
  user_id   uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  round_id  uuid NOT NULL REFERENCES round(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, round_id)
);
CREATE INDEX clerk_round_round_idx ON clerk_round (round_id);

-- Failed logins, counted per account and per address over a sliding window; old rows are pruned.
-- Only console accounts log in: no evaluator's address is ever written here.
CREATE TABLE login_attempt (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username  text NOT NULL,
  address   text,
  at        timestamptz NOT NULL
);
CREATE INDEX login_attempt_username_idx ON login_attempt (username, at);
CREATE INDEX login_attempt_address_idx ON login_attempt (address, at);
