-- The node that runs a session's start or turn, and until when it has promised to be alive. The owner renews the
-- lease while the work lasts; when a lease lapses, another node reclaims the work (the session never stays
-- starting or running for a node that died). Both are NULL while nothing runs.
ALTER TABLE sessions ADD COLUMN owner_node text;
ALTER TABLE sessions ADD COLUMN lease_expires_at timestamptz;
CREATE INDEX sessions_lapsed_leases ON sessions (lease_expires_at) WHERE status IN ('starting', 'running');
