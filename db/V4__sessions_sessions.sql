-- Agent sessions. The status only moves along the state machine of dev.tabbi.sessions.SessionStatus; every
-- change is a compare-and-set on the previous status, so concurrent requests cannot make an illegal move.
CREATE TABLE sessions (
    id               UUID        PRIMARY KEY,
    user_id          UUID        NOT NULL REFERENCES users (id),
    key_id           UUID        REFERENCES api_keys (id),
    status           TEXT        NOT NULL CHECK (status IN ('starting', 'idle', 'running', 'paused', 'error', 'terminated')),
    system_prompt    TEXT        CHECK (length(system_prompt) <= 50000),
    error_message    TEXT        CHECK (length(error_message) <= 2000),
    sandbox_id       TEXT        CHECK (length(sandbox_id) <= 100),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    last_activity_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user_created ON sessions (user_id, created_at DESC, id DESC);
