package dev.tabbi.keys;

import java.util.UUID;

/** Who is calling the public API: the key's owner, the key, and the key's environment. */
public record Caller(UUID userId, UUID keyId, KeyEnvironment environment) {
}
