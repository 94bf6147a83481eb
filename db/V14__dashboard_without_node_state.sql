-- What the dashboard used to keep in one server's memory, shared by every node instead, so that a browser may
-- land on any node with nothing sticky in between.

-- Signed-in browsers: the cookie holds a random value, stored here only hashed. Signing out deletes the row, so it
-- holds on every node at once; the idle and absolute lifetimes are checked against the times below.
CREATE TABLE dashboard_sessions (
    id_hash       bytea       PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token    text        NOT NULL,
    signed_in_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions (user_id);
CREATE INDEX dashboard_sessions_seen ON dashboard_sessions (last_seen_at);

-- GitHub sign-ins under way: the OAuth state (hashed), bound to the browser that started it by a cookie (hashed),
-- with the PKCE verifier (encrypted) and where to go after. Taken once by the callback; stale ones are dropped.
CREATE TABLE sign_in_flows (
    state_hash    bytea       PRIMARY KEY,
    browser_hash  bytea       NOT NULL,
    verifier      text        NOT NULL,
    return_to     text        NOT NULL CHECK (length(return_to) <= 2000),
    started_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_flows_started ON sign_in_flows (started_at);

-- The first message typed on the New session page, sent by the session's page once the sandbox is ready.
ALTER TABLE sessions ADD COLUMN first_message text CHECK (length(first_message) <= 100000);
