package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code sessions} (db/V4__sessions_sessions.sql, db/V5__sessions_history_and_snapshots.sql, db/V6__sessions_repo.sql, db/V7__sessions_agent_address.sql, db/V10__sessions_model.sql). Status changes go through {@link SessionStore}. */
@Entity
@Table(name = "sessions")
public class SessionEntity {

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private String userId; // uuid columns other than ids are text here: JPA providers map UUIDs differently

    @Column(name = "key_id", updatable = false)
    private String keyId;

    @Column(nullable = false)
    private String status;

    @Column(name = "system_prompt", updatable = false)
    private String systemPrompt;

    @Column(name = "error_message")
    private String errorMessage;

    @Column(name = "sandbox_id")
    private String sandboxId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "last_activity_at", nullable = false)
    private Instant lastActivityAt;

    @Column(name = "repo", updatable = false)
    private String repo;

    @Column(name = "model", updatable = false)
    private String model;

    @Column(name = "repo_branch", updatable = false)
    private String repoBranch;

    @Column(name = "auto_create_pr", updatable = false)
    private boolean autoCreatePr;

    @Column(name = "secrets", updatable = false)
    private String secrets;

    @Column(name = "repositories", updatable = false)
    private String repositories;

    @Column(name = "agent_session_id")
    private String agentSessionId;

    @Column(name = "agent_url")
    private String agentUrl;

    @Column(name = "agent_credentials")
    private String agentCredentials;

    @Column(name = "snapshot")
    private String snapshot;

    @Column(name = "sandbox_started_at")
    private Instant sandboxStartedAt;

    @Column(name = "sandbox_seconds", nullable = false)
    private long sandboxSeconds;

    @Column(name = "input_tokens", nullable = false)
    private long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    private long outputTokens;

    protected SessionEntity() {
    }

    SessionEntity(UUID userId, UUID keyId, String systemPrompt, String repo, String model, Instant now) {
        this(userId, keyId, systemPrompt, repo, null, false, model, now);
    }

    SessionEntity(UUID userId, UUID keyId, String systemPrompt, String repo, String repoBranch, boolean autoCreatePr,
            String model, Instant now) {
        this.repoBranch = repoBranch;
        this.autoCreatePr = autoCreatePr;
        this.repo = repo;
        this.model = model;
        this.id = UUID.randomUUID();
        this.userId = userId.toString();
        this.keyId = keyId == null ? null : keyId.toString();
        this.status = SessionStatus.STARTING.wireName();
        this.systemPrompt = systemPrompt;
        this.createdAt = now;
        this.updatedAt = now;
        this.lastActivityAt = now;
    }

    public SessionView view() {
        return new SessionView(id, status(), repo, createdAt, lastActivityAt, errorMessage, inputTokens, outputTokens);
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return UUID.fromString(userId);
    }

    UUID keyId() {
        return keyId == null ? null : UUID.fromString(keyId);
    }

    SessionStatus status() {
        return SessionStatus.fromWireName(status);
    }

    /** The repository as its creator named it (or null). */
    String repo() {
        return repo;
    }

    /** The branch or tag the session cloned (null: the default branch). */
    String repoBranch() {
        return repoBranch;
    }

    /** The values of the user's secrets the session got, sealed (null: none). */
    String secrets() {
        return secrets;
    }

    void secrets(String sealed) {
        this.secrets = sealed;
    }

    /** The session's several repositories (none: it has one {@link #repo()} or none). */
    public List<SessionRepositories.Named> repositories() {
        return SessionRepositories.parse(repositories);
    }

    void repositories(String json) {
        this.repositories = json;
    }

    /** Whether the first turn's changes become a pull request by themselves. */
    boolean autoCreatePr() {
        return autoCreatePr;
    }

    String model() {
        return model;
    }

    String systemPrompt() {
        return systemPrompt;
    }

    String errorMessage() {
        return errorMessage;
    }

    String sandboxId() {
        return sandboxId;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastActivityAt() {
        return lastActivityAt;
    }

    String agentSessionId() {
        return agentSessionId;
    }

    String snapshot() {
        return snapshot;
    }

    String agentUrl() {
        return agentUrl;
    }

    String agentCredentials() {
        return agentCredentials;
    }

    Instant sandboxStartedAt() {
        return sandboxStartedAt;
    }

    /** Seconds the session's sandboxes have run so far, including the current run. */
    long sandboxSecondsUntil(Instant now) {
        return sandboxSeconds + runningSeconds(now);
    }

    /** Seconds the current sandbox has run (0 when none runs). */
    long runningSeconds(Instant now) {
        return sandboxStartedAt == null ? 0 : Math.max(0, now.getEpochSecond() - sandboxStartedAt.getEpochSecond());
    }
}
