package dev.tabbi.keys;

import java.util.UUID;

/** Fired after a key was revoked; it authenticates nothing from then on. */
public record ApiKeyRevoked(UUID keyId, UUID userId) {
}
