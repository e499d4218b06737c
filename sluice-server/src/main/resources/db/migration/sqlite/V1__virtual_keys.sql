-- Virtual keys: only a keyed hash (HMAC-SHA-256 under the server's hash secret) of each key is stored.
CREATE TABLE virtual_keys (
  id          TEXT PRIMARY KEY,          -- public id, e.g. key_3f9a..., safe to show and log
  name        TEXT NOT NULL,
  key_hash    TEXT NOT NULL UNIQUE,      -- lower-case hex HMAC-SHA-256
  key_hint    TEXT NOT NULL,             -- sk-sluice-...abcd, to recognise a key in lists
  created_at  INTEGER NOT NULL,          -- epoch milliseconds
  expires_at  INTEGER,                   -- epoch milliseconds, NULL = never
  revoked_at  INTEGER                    -- epoch milliseconds, NULL = active
);
