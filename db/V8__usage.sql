-- Usage, rolled up per hour, user and key (the nil UUID stands for sessions made from the dashboard), written in
-- the same transaction as the session change it counts (dev.tabbi.usage observes the sessions module's events).
-- The usage API reads a year of a user's hours through the primary key's leading user_id and hour.
CREATE TABLE usage_hourly (
    user_id           UUID        NOT NULL REFERENCES users (id),
    key_id            UUID        NOT NULL,
    hour              TIMESTAMPTZ NOT NULL CHECK (date_trunc('hour', hour) = hour),
    sessions_created  BIGINT      NOT NULL DEFAULT 0,
    turns             BIGINT      NOT NULL DEFAULT 0,
    input_tokens      BIGINT      NOT NULL DEFAULT 0,
    output_tokens     BIGINT      NOT NULL DEFAULT 0,
    sandbox_seconds   BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, hour, key_id)
);

-- Per session, for the dashboard's session list and budgets per session.
CREATE TABLE usage_sessions (
    session_id        UUID        PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    user_id           UUID        NOT NULL REFERENCES users (id),
    key_id            UUID        NOT NULL,
    turns             BIGINT      NOT NULL DEFAULT 0,
    input_tokens      BIGINT      NOT NULL DEFAULT 0,
    output_tokens     BIGINT      NOT NULL DEFAULT 0,
    sandbox_seconds   BIGINT      NOT NULL DEFAULT 0
);
