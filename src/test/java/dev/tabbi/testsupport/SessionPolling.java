package dev.tabbi.testsupport;

import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** Waits for a session, seen through the public API, to reach a status (sandboxes take seconds to start). */
public final class SessionPolling {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private SessionPolling() {
    }

    /** The session once its status is {@code wanted}; fails with the last state seen once it cannot get there. */
    public static JsonObject awaitStatus(URI server, String key, String sessionId, String wanted) {
        Instant deadline = Instant.now().plus(LIMIT);
        JsonObject session = null;
        for (int attempt = 0; Instant.now().isBefore(deadline); attempt++) {
            session = Http.json(Http.send(Http.request(server, "/v1/sessions/" + sessionId)
                    .header("Authorization", "Bearer " + key)));
            String status = session.getString("status");
            if (wanted.equals(status)) {
                return session;
            }
            if (status.equals("error") || status.equals("terminated")) {
                break; // final: waiting longer cannot help
            }
            Poll.pause(attempt);
        }
        throw new AssertionError("session " + sessionId + " is " + session + ", not " + wanted);
    }
}
