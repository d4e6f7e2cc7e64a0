-- Refresh tokens that expired long ago are deleted in the background, a batch at a time; these indexes find
-- them without reading every row.
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);
CREATE INDEX oauth_refresh_tokens_expires ON oauth_refresh_tokens (expires_at);
