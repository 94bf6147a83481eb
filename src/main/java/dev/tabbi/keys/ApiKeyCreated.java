package dev.tabbi.keys;

import java.util.UUID;

/** Fired after a key was created (also by a roll). */
public record ApiKeyCreated(UUID keyId, UUID userId) {
}
