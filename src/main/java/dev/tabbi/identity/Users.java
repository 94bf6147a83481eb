package dev.tabbi.identity;

import java.util.Optional;
import java.util.UUID;

/** The users of the platform. */
public interface Users {

    Optional<User> find(UUID userId);

    /** The user's GitHub access token, decrypted, for calls made on their behalf; empty if none is stored. */
    Optional<String> githubToken(UUID userId);
}
