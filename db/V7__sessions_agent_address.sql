-- Where a session's agent answers, for sandboxes that every node can reach (remote, Modal, Daytona): its URL and
-- its credentials, encrypted (see dev.tabbi.identity.Secrets). Null for sandboxes only their own node can reach.
ALTER TABLE sessions
    ADD COLUMN agent_url         TEXT CHECK (length(agent_url) <= 2000),
    ADD COLUMN agent_credentials TEXT CHECK (length(agent_credentials) <= 20000);
