-- Sign-in throttle counters live in store::kv under keys that include this number; an unlock bumps it, so that
-- every counter of the account starts afresh, even in a running server's in-process store.
ALTER TABLE users ADD COLUMN lockout_generation BIGINT NOT NULL DEFAULT 0;
