package dev.tabbi.identity;

import java.util.List;
import java.util.UUID;

/** The GitHub repositories a user can pick for a session, read with their stored token. */
public interface GitHubRepositories {

    /** A repository as GitHub lists it: {@code owner/name}, whether it is private, and its default branch. */
    record Repository(String fullName, boolean isPrivate, String defaultBranch, String description) {
    }

    /**
     * Up to {@code limit} of the user's repositories whose name contains {@code query} (case-insensitive), most
     * recently pushed first. Private ones only once the user granted the {@code repo} scope. Empty when the user
     * has no stored token; a GitHub that cannot be reached is a {@code Refusal} (UPSTREAM_FAILED).
     */
    List<Repository> search(UUID userId, String query, int limit);
}
