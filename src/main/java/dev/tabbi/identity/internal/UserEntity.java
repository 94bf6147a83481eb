package dev.tabbi.identity.internal;

import dev.tabbi.identity.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A row of {@code users} (see db/V2__identity_users.sql). */
@Entity
@Table(name = "users")
@NamedQuery(name = UserEntity.BY_GITHUB_ID, query = "SELECT u FROM UserEntity u WHERE u.githubId = :githubId")
public class UserEntity {
    static final String BY_GITHUB_ID = "UserEntity.byGithubId";

    @Id
    private UUID id;

    @Column(name = "github_id", nullable = false, updatable = false)
    private long githubId;

    @Column(nullable = false)
    private String login;

    private String name;

    private String email;

    @Column(name = "avatar_url")
    private String avatarUrl;

    @Column(name = "github_token")
    private byte[] githubToken;

    @Column(name = "github_token_key_id")
    private String githubTokenKeyId;

    @Column(name = "github_scopes", nullable = false)
    private String githubScopes = "";

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "last_sign_in_at", nullable = false)
    private Instant lastSignInAt;

    protected UserEntity() {
    }

    UserEntity(long githubId, Instant now) {
        this.id = UUID.randomUUID();
        this.githubId = githubId;
        this.createdAt = now;
        this.lastSignInAt = now;
    }

    void signedIn(GitHubProfile profile, Instant now) {
        this.login = clip(profile.login(), 100);
        this.name = clip(profile.name(), 300);
        this.email = clip(profile.email(), 320);
        this.avatarUrl = clip(profile.avatarUrl(), 2000);
        this.lastSignInAt = now;
    }

    void storeToken(TokenCipher.Sealed sealed, Set<String> scopes) {
        this.githubToken = sealed.ciphertext();
        this.githubTokenKeyId = sealed.keyId();
        this.githubScopes = clip(String.join(" ", scopes), 500);
    }

    UUID id() {
        return id;
    }

    long githubId() {
        return githubId;
    }

    TokenCipher.Sealed sealedToken() {
        return githubToken == null ? null : new TokenCipher.Sealed(githubTokenKeyId, githubToken);
    }

    User view() {
        Set<String> scopes = Arrays.stream(githubScopes.split("[ ,]+")).filter(s -> !s.isBlank())
                .collect(Collectors.toSet());
        return new User(id, githubId, login, name, email, avatarUrl, scopes, createdAt, lastSignInAt);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
