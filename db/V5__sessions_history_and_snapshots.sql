-- What a session needs to pause and resume (the agent's own conversation id, the sandbox's snapshot), how long
-- its sandboxes ran, and the tokens its turns used.
ALTER TABLE sessions
    ADD COLUMN agent_session_id   TEXT CHECK (length(agent_session_id) <= 200),
    ADD COLUMN snapshot           TEXT CHECK (length(snapshot) <= 500),
    ADD COLUMN sandbox_started_at TIMESTAMPTZ,
    ADD COLUMN sandbox_seconds    BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN input_tokens       BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN output_tokens      BIGINT NOT NULL DEFAULT 0;

-- Running sessions per user are counted at every creation.
CREATE INDEX sessions_user_live ON sessions (user_id) WHERE status IN ('starting', 'idle', 'running');
-- The idle-session sweep of auto-pause.
CREATE INDEX sessions_idle_since ON sessions (last_activity_at) WHERE status = 'idle';

-- The conversation of a session, written as its turns progress: the user's message when the turn starts, the
-- assistant's message with each tool call as it finishes, and its text and tokens when the turn ends.
CREATE TABLE session_messages (
    id            UUID        PRIMARY KEY,
    session_id    UUID        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position      INT         NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('user', 'assistant')),
    content       TEXT        NOT NULL DEFAULT '',
    tools         JSONB       NOT NULL DEFAULT '[]',
    status        TEXT        NOT NULL CHECK (status IN ('in_progress', 'complete', 'aborted', 'error')),
    error_message TEXT        CHECK (length(error_message) <= 2000),
    input_tokens  BIGINT,
    output_tokens BIGINT,
    created_at    TIMESTAMPTZ NOT NULL,
    completed_at  TIMESTAMPTZ,
    UNIQUE (session_id, position)
);

-- Idempotency-Key of POST /v1/sessions: the same key and body within 24 hours give the same session.
CREATE TABLE session_idempotency_keys (
    user_id         UUID        NOT NULL REFERENCES users (id),
    idempotency_key TEXT        NOT NULL CHECK (length(idempotency_key) <= 255),
    request_hash    TEXT        NOT NULL,
    session_id      UUID        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
