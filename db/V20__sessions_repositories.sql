-- Sessions of several repositories: each as its creator named it, its branch and its directory in the workspace.
ALTER TABLE sessions ADD COLUMN repositories text CHECK (length(repositories) <= 10000);
