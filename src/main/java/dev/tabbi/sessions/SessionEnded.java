package dev.tabbi.sessions;

import java.util.UUID;

/** Fired after a session was terminated; {@code sandboxSeconds} is how long its sandbox existed. */
public record SessionEnded(UUID sessionId, UUID userId, long sandboxSeconds) {
}
