package dev.tabbi.client;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A session as the API shows it: {@code status} is one of starting, idle, running, paused, error, terminated;
 * {@code error} says why a failed one failed. {@code json} has every field, including newer ones.
 */
public record Session(String id, String status, Instant createdAt, String error, JsonObject json) {
    static Session of(JsonObject json) {
        return new Session(json.getString("id"), json.getString("status"),
                json.containsKey("createdAt") ? Instant.parse(json.getString("createdAt")) : null,
                json.getString("error", null), json);
    }

    /** Whether it takes a message now. */
    public boolean isIdle() {
        return "idle".equals(status);
    }
}
