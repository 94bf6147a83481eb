-- Which sandbox provider a session's sandbox comes from (local, remote, daytona): a node judges the leases of
-- sessions of its own provider only, since another provider's sandboxes are unknown to it. Sessions from before
-- stay judged by any node.
ALTER TABLE sessions ADD COLUMN sandbox_provider text CHECK (length(sandbox_provider) <= 50);
