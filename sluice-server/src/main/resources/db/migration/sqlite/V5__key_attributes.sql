-- Who a key belongs to (for budgets, limits and the ledger) and its per-request cost cap in nano-dollars.
-- All optional: NULL means unset.
ALTER TABLE virtual_keys ADD COLUMN user_id TEXT;
ALTER TABLE virtual_keys ADD COLUMN team_id TEXT;
ALTER TABLE virtual_keys ADD COLUMN org_id TEXT;
ALTER TABLE virtual_keys ADD COLUMN max_cost_nanos INTEGER CHECK (max_cost_nanos IS NULL OR max_cost_nanos >= 0);
