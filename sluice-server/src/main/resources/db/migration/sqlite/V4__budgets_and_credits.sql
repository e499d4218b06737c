-- Budgets: a spending cap per scope and period. Money is integer nano-dollars (1 USD = 1e9).
-- scope_type is key, user, team, org, model or tag; scope_id is the scope's id, '*' for "each one separately"
-- (every key gets its own cap), and for tags 'name=value' (or 'name=*': each value of that tag).
CREATE TABLE budgets (
  id               TEXT PRIMARY KEY,            -- bud_3f9a..., as the admin API and CLI show it
  scope_type       TEXT NOT NULL,
  scope_id         TEXT NOT NULL,
  period           TEXT NOT NULL,               -- daily, weekly, monthly, total (windows in UTC)
  limit_nanos      INTEGER NOT NULL CHECK (limit_nanos >= 0),
  refuse_unpriced  INTEGER NOT NULL DEFAULT 0,  -- 1: refuse models with no known price
  created_at       INTEGER NOT NULL             -- epoch milliseconds
);
-- One budget per scope and period: setting it again replaces the limit.
CREATE UNIQUE INDEX budgets_scope_period ON budgets (scope_type, scope_id, period);

-- Prepaid credits: an org's balance is the sum of its grants minus its all-time spend.
CREATE TABLE credit_grants (
  id            TEXT PRIMARY KEY,               -- cr_3f9a...
  org_id        TEXT NOT NULL,
  amount_nanos  INTEGER NOT NULL CHECK (amount_nanos > 0),
  note          TEXT,
  created_at    INTEGER NOT NULL                -- epoch milliseconds
);
CREATE INDEX credit_grants_org ON credit_grants (org_id);
