-- What a session spends is booked to the key that sent its latest turn (the nil UUID: the dashboard), not always
-- the key that created it; null until its first turn, when the creator's key pays.
ALTER TABLE usage_sessions ADD COLUMN spending_key_id UUID;

-- A user's own monthly token budget, over all their keys and the dashboard together.
CREATE TABLE usage_user_budgets (
    user_id         UUID        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    monthly_tokens  BIGINT      NOT NULL CHECK (monthly_tokens > 0),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
