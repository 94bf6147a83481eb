package dev.tabbi.identity.internal;

/** Who GitHub says the user is (GET /user, plus the primary verified address from /user/emails). */
public record GitHubProfile(long id, String login, String name, String email, String avatarUrl) {
}
