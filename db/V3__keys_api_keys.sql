-- API keys. Only an HMAC-SHA256 of each key (under a server-side pepper) is stored; the key itself is shown
-- once at creation and never again. Rows are never deleted so usage stays attributable.
CREATE TABLE api_keys (
    id              UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         UUID        NOT NULL REFERENCES users (id),
    name            TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    environment     TEXT        NOT NULL CHECK (environment IN ('live', 'test')),
    key_hash        CHAR(64)    NOT NULL UNIQUE,
    display_prefix  TEXT        NOT NULL CHECK (length(display_prefix) = 12),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at    TIMESTAMPTZ,
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    -- Set on a key that was rolled: the key that replaces it.
    replaced_by     UUID        REFERENCES api_keys (id)
);
CREATE INDEX api_keys_user_created ON api_keys (user_id, created_at DESC);
