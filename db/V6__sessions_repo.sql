-- The repository a session cloned, as the caller named it (never with a token).
ALTER TABLE sessions ADD COLUMN repo TEXT CHECK (length(repo) <= 500);
