package dev.tabbi.sandbox.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The tokens with which sandboxes' agents call the model gateway: one per running sandbox, bound to its session,
 * stored only as a hash (shared by every node through the database), and deleted when the sandbox stops.
 */
@ApplicationScoped
public class ModelTokens {
    static final String PREFIX = "tbm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    /** A new token for the sandbox (any earlier one of the same sandbox stops working). */
    @Transactional
    public String issue(String sandboxId, String sessionId) {
        revoke(sandboxId);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        entityManager.createNativeQuery("INSERT INTO sandbox_model_tokens (token_hash, sandbox_id, session_id) "
                        + "VALUES (?1, ?2, ?3)")
                .setParameter(1, hash(token)).setParameter(2, sandboxId).setParameter(3, sessionId).executeUpdate();
        return token;
    }

    /** The session a token was issued for, while its sandbox runs. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<UUID> sessionOf(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        List<Object> rows = entityManager.createNativeQuery("SELECT session_id FROM sandbox_model_tokens "
                + "WHERE token_hash = ?1 AND NOT suspended").setParameter(1, hash(token)).getResultList();
        try {
            return rows.stream().findFirst().map(row -> UUID.fromString(row.toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a sandbox made for no session of this app's
        }
    }

    /** The sandbox paused: its token stops working until {@link #reinstate}. */
    @Transactional
    public void suspend(String sandboxId) {
        suspended(sandboxId, true);
    }

    @Transactional
    public void reinstate(String sandboxId) {
        suspended(sandboxId, false);
    }

    /** The token issued under a provisional name belongs to the sandbox the platform made, by the platform's id. */
    @Transactional
    public void rename(String provisional, String sandboxId) {
        entityManager.createNativeQuery("UPDATE sandbox_model_tokens SET sandbox_id = ?2 WHERE sandbox_id = ?1")
                .setParameter(1, provisional).setParameter(2, sandboxId).executeUpdate();
    }

    /** The token of a sandbox issued for no session (a pooled one) now calls for {@code sessionId}. */
    @Transactional
    public void assign(String sandboxId, String sessionId) {
        entityManager.createNativeQuery("UPDATE sandbox_model_tokens SET session_id = ?2 WHERE sandbox_id = ?1")
                .setParameter(1, sandboxId).setParameter(2, sessionId).executeUpdate();
    }

    private void suspended(String sandboxId, boolean suspended) {
        entityManager.createNativeQuery("UPDATE sandbox_model_tokens SET suspended = ?2 WHERE sandbox_id = ?1")
                .setParameter(1, sandboxId).setParameter(2, suspended).executeUpdate();
    }

    @Transactional
    public void revoke(String sandboxId) {
        entityManager.createNativeQuery("DELETE FROM sandbox_model_tokens WHERE sandbox_id = ?1")
                .setParameter(1, sandboxId).executeUpdate();
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
