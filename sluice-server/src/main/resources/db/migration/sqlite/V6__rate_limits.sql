-- Rate limit rules (the counters themselves live in memory, later in Redis: never in this table).
-- One rule per (scope, kind): setting it again replaces the limit and keeps the id.
CREATE TABLE rate_limits (
  id           TEXT PRIMARY KEY,                 -- public id, e.g. lim_3f9a..., for delete
  scope_type   TEXT NOT NULL,                    -- key | user | team | org | model | tag
  scope_id     TEXT NOT NULL,                    -- e.g. ml, key_3f.., cost_center=cc-42; '*' = each (tag: name=*)
  kind         TEXT NOT NULL CHECK (kind IN ('rpm', 'tpm', 'concurrency')),
  limit_value  INTEGER NOT NULL CHECK (limit_value > 0),
  created_at   INTEGER NOT NULL,                 -- epoch milliseconds
  UNIQUE (scope_type, scope_id, kind)
);
