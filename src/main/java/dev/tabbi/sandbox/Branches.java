package dev.tabbi.sandbox;

/**
 * Publishing a workspace's changes as a new branch of its repository: a fresh clone on the platform's side (never
 * the agent's own {@code .git}, which the agent controls), the workspace's diff applied, one commit, one push that
 * may only create the branch.
 */
public interface Branches {

    /** Who the commit is by, and its message (trailers such as {@code Co-authored-by} included). */
    record Commit(String authorName, String authorEmail, String message) {
    }

    /**
     * Pushes {@code patch} (a binary-safe unified diff against {@code base}, or against the default branch when
     * {@code base} is null) as a commit on the new branch {@code branch} of {@code repository}; returns the base
     * branch used. Refusals: the base does not exist (INVALID, BASE_NOT_FOUND), the patch does not apply on it
     * (CONFLICT, PATCH_CONFLICT), the branch exists (CONFLICT, BRANCH_EXISTS), the token may not push
     * (FORBIDDEN, GITHUB_PERMISSION_DENIED), the repository cannot be reached (UPSTREAM_FAILED, GITHUB_UNAVAILABLE).
     */
    String push(GitSource repository, String base, String patch, String branch, Commit commit);

    /** Deletes a branch {@link #push} made (when what was to follow it failed); best effort, never throws. */
    void remove(GitSource repository, String branch);
}
