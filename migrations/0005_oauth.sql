-- OAuth 2.0 clients ("applications"). The id is the client_id. Lists are JSON arrays of strings; times are
-- Unix seconds, lifetimes seconds. A confidential client's secret is kept only as its SHA-256 (hex).
CREATE TABLE oauth_apps (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  description TEXT,
  redirect_uris TEXT NOT NULL,
  post_logout_redirect_uris TEXT NOT NULL,
  grant_types TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_endpoint_auth_method TEXT NOT NULL,
  secret_hash TEXT,
  secret_updated_at BIGINT,
  access_token_ttl BIGINT NOT NULL,
  refresh_token_ttl BIGINT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX oauth_apps_created ON oauth_apps (created_at, id);
