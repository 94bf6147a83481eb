-- Token budgets per API key: a monthly budget for all its sessions and a cap per session (null: none).
CREATE TABLE usage_budgets (
    key_id          UUID        PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
    user_id         UUID        NOT NULL REFERENCES users (id),
    monthly_tokens  BIGINT      CHECK (monthly_tokens > 0),
    session_tokens  BIGINT      CHECK (session_tokens > 0),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
