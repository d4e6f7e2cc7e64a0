-- The resource indicators (RFC 8707) each client may name as the audience of its tokens: a JSON array of
-- absolute URIs. Existing clients get none, so a token request with `resource` is refused until an
-- administrator lists the resource servers the client may reach.
ALTER TABLE oauth_apps ADD COLUMN allowed_resources TEXT NOT NULL DEFAULT '[]';
