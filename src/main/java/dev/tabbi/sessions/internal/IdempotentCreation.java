package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.Locks;
import dev.tabbi.sessions.SessionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on session creation: the same key and the same request within 24 hours give the session
 * the first request created; the same key with another request is refused (422 {@code IDEMPOTENCY_CONFLICT}).
 * Requests with one key are serialized by a cluster-wide lock, so two retries racing each other create one session.
 */
@ApplicationScoped
public class IdempotentCreation {
    static final int MAX_KEY_LENGTH = 255;
    private static final Duration LOCK_TTL = Duration.ofSeconds(30);

    /** The session, and whether it came from an earlier request with the same key. */
    public record Outcome(SessionView session, boolean repeated) {
    }

    @Inject
    Locks locks;

    @Inject
    SessionStore store;

    @Inject
    IdempotencyRecords records;

    /**
     * Runs {@code create} unless a request with this key was already served; {@code request} is what identifies
     * the request (its JSON), compared by hash. A null key always creates.
     */
    public Outcome create(UUID userId, String key, String request, Supplier<SessionView> create) {
        if (key == null) {
            return new Outcome(create.get(), false);
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw Refusal.invalid("Idempotency-Key: 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        String hash = sha256(request);
        Locks.Lock lock = locks.tryAcquire("idempotency:" + userId + ":" + sha256(key), LOCK_TTL)
                .orElseThrow(() -> new Refusal(Refusal.Reason.CONFLICT, "SESSION_BUSY",
                        "A request with this Idempotency-Key is in progress; retry shortly"));
        try (lock) {
            Optional<IdempotencyRecords.IdempotencyRecord> earlier = records.find(userId, key);
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(hash)) {
                    throw new Refusal(Refusal.Reason.CONTRADICTS_EARLIER, "IDEMPOTENCY_CONFLICT",
                            "This Idempotency-Key was used with a different request in the last 24 hours");
                }
                SessionView session = store.find(earlier.get().sessionId()).orElseThrow().view();
                return new Outcome(session, true);
            }
            SessionView session = create.get();
            records.remember(userId, key, hash, session.id());
            return new Outcome(session, false);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
