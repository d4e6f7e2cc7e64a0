-- Users: the accounts every other table points at. Identifiers are stored normalised so that
-- uniqueness holds however a client spells them; times are Unix seconds.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT UNIQUE,
  email TEXT UNIQUE,
  phone TEXT UNIQUE,
  password_hash TEXT,
  nickname TEXT,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('root', 'admin', 'user')),
  status TEXT NOT NULL DEFAULT 'active',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE INDEX users_role ON users (role);
