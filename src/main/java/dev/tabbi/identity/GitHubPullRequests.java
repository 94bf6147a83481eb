package dev.tabbi.identity;

import java.util.UUID;

/** Pull requests opened on GitHub on a user's behalf, with their stored token. */
public interface GitHubPullRequests {

    /** A pull request GitHub opened. */
    record PullRequest(int number, String url, String head, String base, boolean draft) {
    }

    /** What to open: on {@code owner/repo}, from branch {@code head} into {@code base}. */
    record Proposal(String repository, String head, String base, String title, String body, boolean draft) {
    }

    /**
     * Opens the pull request. Refusals: no stored token or no {@code repo} scope (FORBIDDEN, GITHUB_SCOPE_MISSING),
     * GitHub refuses the token or the repository (FORBIDDEN, GITHUB_PERMISSION_DENIED), one is open for the branch
     * already (CONFLICT, PULL_REQUEST_EXISTS), GitHub rejects it otherwise (INVALID, PULL_REQUEST_REJECTED) or cannot
     * be reached (UPSTREAM_FAILED, GITHUB_UNAVAILABLE). Never retried: a second try could open a second one.
     */
    PullRequest open(UUID userId, Proposal proposal);

    /**
     * Refuses (FORBIDDEN, GITHUB_SCOPE_MISSING, saying where to grant it) unless the user granted what pushing and
     * opening pull requests needs: a stored token with the {@code repo} scope.
     */
    void requireWriteAccess(UUID userId);
}
