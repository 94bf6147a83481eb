package dev.tabbi.sessions.internal;

import dev.tabbi.identity.Secrets;
import dev.tabbi.sessions.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The secrets a session got: sealed on its row (bound to the session), given to its sandbox as environment
 * variables at every start and resume, and the redaction of everything shown of it. Each node keeps the redactions
 * of the sessions it served lately.
 */
@ApplicationScoped
public class SessionSecrets {
    private static final int CACHED = 10_000;

    @Inject
    Secrets sealing;

    @Inject
    SessionStore store;

    private final Map<UUID, SecretRedaction> redactions = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, SecretRedaction> eldest) {
                    return size() > CACHED;
                }
            });

    /** The sealed form of the values, for the session's row (null when there are none). */
    String seal(UUID sessionId, Map<String, String> values) {
        if (values.isEmpty()) {
            return null;
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        values.forEach(json::add);
        return sealing.seal(json.build().toString(), context(sessionId));
    }

    /** The session's secrets as environment variables for its sandbox (empty when it has none). */
    Map<String, String> environment(SessionEntity session) {
        if (session.secrets() == null) {
            return Map.of();
        }
        JsonObject json = Json.createReader(new StringReader(sealing.open(session.secrets(), context(session.id()))
                .orElseThrow(() -> new IllegalStateException("the session's secrets cannot be opened")))).readObject();
        Map<String, String> values = new LinkedHashMap<>();
        json.forEach((name, value) -> values.put(name, ((JsonString) value).getString()));
        return values;
    }

    /** What hides the session's secrets in what is shown of it. */
    SecretRedaction redaction(UUID sessionId) {
        SecretRedaction known = redactions.get(sessionId);
        if (known != null) {
            return known;
        }
        SecretRedaction loaded = store.find(sessionId).map(session -> new SecretRedaction(environment(session)))
                .orElse(SecretRedaction.NONE);
        redactions.put(sessionId, loaded);
        return loaded;
    }

    void onEnded(@Observes SessionEnded ended) {
        redactions.remove(ended.sessionId());
    }

    private static String context(UUID sessionId) {
        return "session-secrets:" + sessionId;
    }
}
