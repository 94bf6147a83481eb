-- Users' secrets (NPM_TOKEN…), sealed with the platform's token keys; a session names the ones its sandbox gets as
-- environment variables, and keeps the values it got (sealed too), so a resume gives the same and everything the
-- platform shows of the session is redacted of exactly those.
CREATE TABLE user_secrets (
    user_id     uuid        NOT NULL,
    name        text        NOT NULL CHECK (name ~ '^[A-Z_][A-Z0-9_]{0,63}$'),
    value       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, name)
);
ALTER TABLE sessions ADD COLUMN secrets text;
