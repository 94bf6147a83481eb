package dev.tabbi.sessions.web;

import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The first message typed on the New session page, kept in the browser's session until the session's page takes
 * it and sends it once the sandbox is ready. At most a few are kept; an old one is dropped first.
 */
final class FirstMessages {
    private static final String ATTRIBUTE = "tabbi.firstMessages";
    private static final int KEPT = 5;

    private FirstMessages() {
    }

    static void put(HttpSession session, UUID sessionId, String message) {
        synchronized (session) {
            LinkedHashMap<UUID, String> pending = pending(session);
            pending.put(sessionId, message);
            while (pending.size() > KEPT) {
                pending.remove(pending.keySet().iterator().next());
            }
            session.setAttribute(ATTRIBUTE, pending);
        }
    }

    /** The message waiting for this session, handed out once. */
    static String take(HttpSession session, UUID sessionId) {
        if (session == null) {
            return null;
        }
        synchronized (session) {
            LinkedHashMap<UUID, String> pending = pending(session);
            String message = pending.remove(sessionId);
            session.setAttribute(ATTRIBUTE, pending);
            return message;
        }
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<UUID, String> pending(HttpSession session) {
        Object value = session.getAttribute(ATTRIBUTE);
        return value instanceof Map<?, ?> ? new LinkedHashMap<>((Map<UUID, String>) value) : new LinkedHashMap<>();
    }
}
