package dev.tabbi.keys;

import java.util.UUID;

/**
 * Who is calling the public API: the key's owner, the key, and the key's environment. The dashboard calls the
 * sessions routes as its signed-in user with no key: {@code keyId} is null then.
 */
public record Caller(UUID userId, UUID keyId, KeyEnvironment environment) {

    /** What rate limits count against: the key, or for the dashboard its user. */
    public String limitSubject() {
        return keyId == null ? dashboardSubject(userId) : keyId.toString();
    }

    /** What the requests the user makes without a key (from the dashboard) count against. */
    public static String dashboardSubject(UUID userId) {
        return "user:" + userId;
    }
}
