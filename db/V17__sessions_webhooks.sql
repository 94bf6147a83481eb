-- Signed webhooks. Each user's endpoints, with the event types each wants and its signing secret (sealed with the
-- platform's token keys, never stored in the clear). Each event for an endpoint is one row of the outbox
-- (webhook_messages), written in the transaction of the change it reports, so no event is lost when a node dies;
-- any node delivers it. Every attempt is logged (webhook_attempts) for the delivery log and redelivery.
CREATE TABLE webhook_endpoints (
    id               uuid        PRIMARY KEY,
    user_id          uuid        NOT NULL,
    url              text        NOT NULL CHECK (length(url) <= 2000),
    description      text        CHECK (length(description) <= 200),
    event_types      text        NOT NULL CHECK (length(event_types) <= 500),
    secret           text        NOT NULL,
    enabled          boolean     NOT NULL DEFAULT true,
    disabled_reason  text        CHECK (length(disabled_reason) <= 500),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_user ON webhook_endpoints (user_id, created_at);

-- seq orders the messages; the dispatcher sends one of an endpoint and session only once those before it are done.
CREATE TABLE webhook_messages (
    seq              bigserial   PRIMARY KEY,
    id               text        NOT NULL UNIQUE,
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    session_id       uuid,
    event_type       text        NOT NULL,
    payload          text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    first_tried_at   timestamptz,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    leased_until     timestamptz,
    leased_by        text        CHECK (length(leased_by) <= 100),
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_messages_order ON webhook_messages (endpoint_id, session_id, seq) WHERE state = 'pending';
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, seq DESC);

CREATE TABLE webhook_attempts (
    id               bigserial   PRIMARY KEY,
    message_seq      bigint      NOT NULL REFERENCES webhook_messages (seq) ON DELETE CASCADE,
    attempted_at     timestamptz NOT NULL DEFAULT now(),
    status_code      integer,
    error            text        CHECK (length(error) <= 500),
    duration_ms      integer     NOT NULL,
    node             text        NOT NULL CHECK (length(node) <= 100)
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message_seq, id);
