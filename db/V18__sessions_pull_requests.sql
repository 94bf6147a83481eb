-- Pull requests opened from sessions, and what a session needs to open one: the branch it cloned (the base of its
-- diff) and whether its first turn's changes become a pull request by themselves.
ALTER TABLE sessions ADD COLUMN repo_branch text CHECK (length(repo_branch) <= 200);
ALTER TABLE sessions ADD COLUMN auto_create_pr boolean NOT NULL DEFAULT false;

CREATE TABLE session_pull_requests (
    session_id  uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    repository  text        NOT NULL CHECK (length(repository) <= 200),
    number      integer     NOT NULL,
    url         text        NOT NULL CHECK (length(url) <= 500),
    branch      text        NOT NULL CHECK (length(branch) <= 200),
    base        text        NOT NULL CHECK (length(base) <= 200),
    title       text        NOT NULL CHECK (length(title) <= 256),
    draft       boolean     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, repository, number)
);
