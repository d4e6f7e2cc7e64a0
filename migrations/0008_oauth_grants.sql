-- Grants: what a user authorized an application to do (one code redemption or password grant), and the
-- rotating refresh tokens issued from it. Revoking the grant ends every token of it. Times are Unix seconds.
ALTER TABLE oauth_apps ADD COLUMN id_token_signed_response_alg TEXT NOT NULL DEFAULT 'RS256';

-- client_id has no foreign key: deleting an app must not fail on its grants, and its tokens stop working
-- anyway because a deleted client cannot authenticate nor introspect.
CREATE TABLE oauth_grants (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  scopes TEXT NOT NULL,
  sid TEXT,
  auth_time BIGINT NOT NULL,
  amr TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  access_expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX oauth_grants_user ON oauth_grants (user_id);
CREATE INDEX oauth_grants_client ON oauth_grants (client_id);

-- One row per refresh token issued; a grant's tokens form one rotation family (RFC 9700 4.14.2).
CREATE TABLE oauth_refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  grant_id TEXT NOT NULL REFERENCES oauth_grants (id),
  client_id TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  rotated_at BIGINT
);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);
