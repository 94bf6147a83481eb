-- The model a session asked for (one of the configured choices); null: the configured default.
ALTER TABLE sessions ADD COLUMN model TEXT CHECK (length(model) <= 200);
