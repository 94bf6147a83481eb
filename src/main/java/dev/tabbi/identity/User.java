package dev.tabbi.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A dashboard user, as other modules may see them (never their GitHub token). */
public record User(
        UUID id,
        long githubId,
        String login,
        String name,
        String email,
        String avatarUrl,
        Set<String> githubScopes,
        Instant createdAt,
        Instant lastSignInAt) {

    public User {
        githubScopes = Set.copyOf(githubScopes);
    }

    /** Whether the user granted access to private repositories. */
    public boolean canReadPrivateRepositories() {
        return githubScopes.contains("repo");
    }

    public String displayName() {
        return name == null || name.isBlank() ? login : name;
    }
}
