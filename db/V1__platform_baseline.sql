-- Baseline of the Tabbi schema. Each module adds its own migrations after this one, named
-- V<n>__<module>_<what>.sql (e.g. V2__identity_users.sql). Migrations are forward-only: never edit one that
-- has shipped; write a new one.

-- One row naming this installation: a stable id for support requests and for telling deployments apart
-- when several share a log or metrics backend.
CREATE TABLE platform_installation (
    singleton  BOOLEAN     PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    id         UUID        NOT NULL DEFAULT gen_random_uuid(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO platform_installation DEFAULT VALUES;
