-- Users of the dashboard, one per GitHub account. The GitHub access token is stored only encrypted
-- (AES-GCM): the ciphertext carries its nonce, and the id of the key that encrypted it so keys can rotate.
CREATE TABLE users (
    id                   UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    github_id            BIGINT      NOT NULL UNIQUE,
    login                TEXT        NOT NULL CHECK (length(login) BETWEEN 1 AND 100),
    name                 TEXT        CHECK (length(name) <= 300),
    email                TEXT        CHECK (length(email) <= 320),
    avatar_url           TEXT        CHECK (length(avatar_url) <= 2000),
    github_token         BYTEA,
    github_token_key_id  TEXT        CHECK (length(github_token_key_id) <= 64),
    github_scopes        TEXT        NOT NULL DEFAULT '' CHECK (length(github_scopes) <= 500),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_sign_in_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((github_token IS NULL) = (github_token_key_id IS NULL))
);
