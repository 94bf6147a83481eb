-- Tokens with which a sandbox's agent calls the model gateway: one per running sandbox, stored hashed, deleted
-- when the sandbox ends and suspended while it is paused (a platform sandbox that resumes keeps its token), so a
-- token is useless for another session and while its own is not running.
CREATE TABLE sandbox_model_tokens (
    token_hash  bytea       PRIMARY KEY,
    sandbox_id  text        NOT NULL,
    session_id  text        NOT NULL,
    suspended   boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_model_tokens_sandbox ON sandbox_model_tokens (sandbox_id);
