-- Keys for protecting data in transit that are not signing keys: today the RSA key clients may encrypt
-- passwords with. One row per purpose; the private key is sealed under the key-encryption key (base64).
CREATE TABLE transport_keys (
  purpose TEXT PRIMARY KEY,
  kid TEXT NOT NULL,
  private_sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
