-- The usage ledger: one row per upstream attempt, shipped from the local journal (dev.sluice.server.ledger).
-- id is request_id#attempt, the idempotency key: the shipper inserts with INSERT OR IGNORE, so replaying a
-- journal twice cannot count an attempt twice.
CREATE TABLE usage_records (
  id                  TEXT PRIMARY KEY,
  request_id          TEXT NOT NULL,
  attempt             INTEGER NOT NULL,
  key_id              TEXT,
  end_user            TEXT,                -- the record's user; "user" is reserved in PostgreSQL
  team                TEXT,
  org                 TEXT,
  via_model           TEXT,                -- the model name asked for (what model budgets key on)
  deployment_id       TEXT NOT NULL,
  provider            TEXT,
  model               TEXT,                -- the served model
  outcome             TEXT NOT NULL,       -- SERVED | FAILED | CLIENT_GONE | INTERRUPTED
  failure             TEXT,                -- FailureClass name, NULL unless FAILED
  status              INTEGER NOT NULL,    -- 499: client gone; 0: interrupted (no status known)
  input_tokens        INTEGER NOT NULL,
  cache_read_tokens   INTEGER NOT NULL,
  cache_write_tokens  INTEGER NOT NULL,
  output_tokens       INTEGER NOT NULL,
  reasoning_tokens    INTEGER NOT NULL,
  usage_source        TEXT NOT NULL,       -- REPORTED | ESTIMATED | MISSING
  cost_nanos          INTEGER NOT NULL,    -- 1e-9 USD
  priced              INTEGER NOT NULL,    -- 0: no known price, the cost is unknown rather than zero
  latency_ms          INTEGER NOT NULL,    -- -1: unknown (interrupted)
  ttft_ms             INTEGER NOT NULL,    -- -1: not streamed or no event reached the client
  streamed            INTEGER NOT NULL,
  tags                TEXT NOT NULL DEFAULT '{}',   -- JSON object of the request's metadata tags
  started_at          INTEGER NOT NULL,    -- epoch milliseconds
  shipped_at          INTEGER NOT NULL     -- epoch milliseconds, when the row reached the store
);

-- Spend per scope and window (SpendSource) and `sluice usage --since`.
CREATE INDEX usage_records_started ON usage_records (started_at);
CREATE INDEX usage_records_key ON usage_records (key_id, started_at);
CREATE INDEX usage_records_team ON usage_records (team, started_at);
CREATE INDEX usage_records_org ON usage_records (org, started_at);
CREATE INDEX usage_records_user ON usage_records (end_user, started_at);
CREATE INDEX usage_records_model ON usage_records (via_model, started_at);

-- How far the journal has been shipped; updated in the same transaction as the rows it covers.
CREATE TABLE ledger_checkpoint (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  segment      INTEGER NOT NULL,
  byte_offset  INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

-- Attempts whose start was shipped but whose record has not come yet. A start of an earlier run (process) still
-- here once that run's journal is fully shipped becomes an INTERRUPTED usage record.
CREATE TABLE ledger_open_attempts (
  id      TEXT PRIMARY KEY,
  run     TEXT NOT NULL,
  entry   TEXT NOT NULL                    -- the start, as its journal JSON
);
