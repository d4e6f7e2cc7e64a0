-- The hosted sign-in pages' state. idp_sessions: the browser cookie of a signed-in user, kept only as the
-- SHA-256 (hex) of its secret and bound to one accounts session, so that whatever ends that session (sign-out,
-- a password change, an administrator's lock) ends the browser's sign-in too. oauth_consents: the scopes a
-- user has granted an application, a JSON array of strings (no foreign key to oauth_apps: deleting an app
-- must not wait on its consents, and a deleted app's client_id is refused before its consents are read);
-- times are Unix seconds.
CREATE TABLE idp_sessions (
  secret_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  auth_time BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX idp_sessions_session ON idp_sessions (session_id);

CREATE TABLE oauth_consents (
  user_id TEXT NOT NULL REFERENCES users (id),
  client_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, client_id)
);
