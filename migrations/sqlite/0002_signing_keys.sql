-- Token signing keys. id is the key's RFC 7638 thumbprint (its kid); the private key is sealed with
-- the key-encryption key, the key id bound as associated data. A key with retired_at NULL is the active
-- one of its alg; a retired key stays published for a grace period so tokens it signed still verify.
-- Times are Unix seconds. SQLite spelling: BLOB (the PostgreSQL file says BYTEA).
CREATE TABLE signing_keys (
  id TEXT PRIMARY KEY,
  alg TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  private_sealed BLOB NOT NULL,
  created_at BIGINT NOT NULL,
  activated_at BIGINT,
  retired_at BIGINT
);

CREATE INDEX signing_keys_alg ON signing_keys (alg, retired_at);
