-- The event streams open on every node, for the caps per user and per key. Each node renews its own rows' expiry
-- every few seconds, so a dead node's rows lapse by themselves. Unlogged: after a database crash the streams were
-- cut anyway, and nothing here needs to survive it.
CREATE UNLOGGED TABLE open_streams (
    id          UUID        PRIMARY KEY,
    user_id     UUID        NOT NULL,
    key_id      UUID,
    node        TEXT        NOT NULL CHECK (length(node) <= 100),
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX open_streams_user ON open_streams (user_id, expires_at);
CREATE INDEX open_streams_node ON open_streams (node);
