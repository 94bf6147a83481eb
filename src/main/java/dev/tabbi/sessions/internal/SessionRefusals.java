package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.Node;
import java.util.Map;

/** Why a session cannot do what was asked, in the words and codes of the API. */
public final class SessionRefusals {
    private SessionRefusals() {
    }

    /** Why a session in this state cannot do what was asked, as the API says it. */
    public static Refusal refusal(SessionEntity session, String busyMessage) {
        return switch (session.status()) {
            case TERMINATED -> new Refusal(Refusal.Reason.GONE, "SESSION_TERMINATED", "The session has ended");
            case ERROR -> new Refusal(Refusal.Reason.CONFLICT, "SESSION_FAILED", "The session failed: " + session.errorMessage());
            case IDLE -> new Refusal(Refusal.Reason.CONFLICT, "SESSION_FAILED", "The session's sandbox is no longer running on this server");
            case PAUSED -> new Refusal(Refusal.Reason.CONFLICT, "SESSION_PAUSED", "The session is paused; resume it first");
            default -> new Refusal(Refusal.Reason.CONFLICT, "SESSION_BUSY", busyMessage);
        };
    }

    /** A node shutting down takes no new work: the client retries, and the load balancer sends it elsewhere. */
    public static void refuseWhileDraining(Node node) {
        if (node.isDraining()) {
            throw new Refusal(Refusal.Reason.SHUTTING_DOWN, "SERVICE_UNAVAILABLE",
                    "This server is shutting down; retry and another one answers", Map.of(), java.time.Duration.ofSeconds(1), null);
        }
    }

    public static Refusal notFound() {
        return new Refusal(Refusal.Reason.NOT_FOUND, "SESSION_NOT_FOUND", "Session not found");
    }

    static String clip(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
    }
}
