-- The recent events of each session, for clients that reconnect with Last-Event-ID on any node. In PostgreSQL,
-- not Redis, so that turns and their streams go on while Redis is down. Ids count up per session without gaps:
-- the counter row is taken and bumped in the statement that appends. Only the newest events are kept.
CREATE TABLE session_event_counters (
    session_id  uuid    PRIMARY KEY,
    last_id     bigint  NOT NULL
);
CREATE TABLE session_events (
    session_id  uuid        NOT NULL,
    id          bigint      NOT NULL,
    frame       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, id)
);
CREATE INDEX session_events_created ON session_events (created_at);
