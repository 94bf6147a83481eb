package dev.tabbi.sessions;

import java.util.UUID;

/**
 * Fired before a session is created, outside any transaction; an observer refuses the creation by throwing
 * {@link dev.tabbi.platform.Refusal} (a rate limit, say), and nothing is created. {@code keyId} is
 * {@code null} for the dashboard.
 */
public record SessionRequested(UUID userId, UUID keyId) {
}
