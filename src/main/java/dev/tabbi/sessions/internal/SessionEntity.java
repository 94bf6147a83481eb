package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code sessions} (db/V4__sessions_sessions.sql). Status changes go through {@link SessionStore}. */
@Entity
@Table(name = "sessions")
public class SessionEntity {

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "key_id", updatable = false)
    private UUID keyId;

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

    protected SessionEntity() {
    }

    SessionEntity(UUID userId, UUID keyId, String systemPrompt, Instant now) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.keyId = keyId;
        this.status = SessionStatus.STARTING.wireName();
        this.systemPrompt = systemPrompt;
        this.createdAt = now;
        this.updatedAt = now;
        this.lastActivityAt = now;
    }

    SessionView view() {
        return new SessionView(id, status(), createdAt, lastActivityAt, errorMessage);
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    UUID keyId() {
        return keyId;
    }

    SessionStatus status() {
        return SessionStatus.fromWireName(status);
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
}
