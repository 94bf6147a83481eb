package dev.tabbi.identity;

import java.util.Optional;

/**
 * Encryption at rest for secrets other modules must store (a sandbox agent's password, say), under the same
 * rotatable AES-GCM keys as users' GitHub tokens ({@code IDENTITY_TOKEN_ENCRYPTION_KEYS}). A sealed value is bound
 * to a context: it only opens with the same context, so a value copied to another row does not.
 */
public interface Secrets {

    /** The encrypted form of {@code plaintext}, as text ({@code keyId:base64}). */
    String seal(String plaintext, String context);

    /** The plaintext, or empty when it cannot be opened (unknown key, other context, tampered). */
    Optional<String> open(String sealed, String context);
}
