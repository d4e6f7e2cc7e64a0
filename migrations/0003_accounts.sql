-- Accounts: display forms and profile fields beside the normalised keys, account states, sessions with
-- rotating refresh tokens, and the audit trail. Times are Unix seconds; NULL means "not set".
ALTER TABLE users ADD COLUMN username_display TEXT;
ALTER TABLE users ADD COLUMN email_display TEXT;
ALTER TABLE users ADD COLUMN avatar TEXT;
ALTER TABLE users ADD COLUMN introduction TEXT;
ALTER TABLE users ADD COLUMN gender TEXT;
ALTER TABLE users ADD COLUMN birthdate TEXT;
ALTER TABLE users ADD COLUMN locked_until BIGINT;
ALTER TABLE users ADD COLUMN account_expires_at BIGINT;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;
ALTER TABLE users ADD COLUMN password_expires_at BIGINT;
ALTER TABLE users ADD COLUMN deleted_at BIGINT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  ip TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One row per refresh token ever issued; a session's tokens form one rotation family.
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id),
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  rotated_at BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE audit_events (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  target_id TEXT,
  outcome TEXT NOT NULL,
  ip TEXT,
  request_id TEXT,
  detail TEXT
);
CREATE INDEX audit_events_time ON audit_events (created_at);
