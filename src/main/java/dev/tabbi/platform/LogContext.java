package dev.tabbi.platform;

/**
 * What every log line written on this thread is about: the request being served and the session it concerns.
 * The platform's request filter opens it for each request; work done for a session elsewhere (a turn, a start)
 * opens it with the session's id. Each line of the app's loggers then ends with {@code request_id=…} and
 * {@code session_id=…} (unless the line names them itself), like a logging framework's mapped diagnostic context.
 */
public final class LogContext {
    private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private final String sessionId;

    private LogContext(String requestId, String sessionId) {
        this.requestId = requestId;
        this.sessionId = sessionId;
    }

    /** Until the returned scope is closed, lines on this thread carry these ids (either may be null). */
    public static Scope open(String requestId, String sessionId) {
        LogContext previous = CURRENT.get();
        CURRENT.set(new LogContext(requestId, sessionId));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The current request's context with this session added (or only the session, outside a request). */
    public static Scope session(String sessionId) {
        LogContext current = CURRENT.get();
        return open(current == null ? null : current.requestId, sessionId);
    }

    /**
     * {@code task} to run on another thread with this thread's request id and {@code sessionId}: what a request
     * hands off (a start, a turn) logs as part of it.
     */
    public static Runnable carrying(String sessionId, Runnable task) {
        LogContext current = CURRENT.get();
        String requestId = current == null ? null : current.requestId;
        return () -> {
            try (Scope scope = open(requestId, sessionId)) {
                task.run();
            }
        };
    }

    /** The fields the current context adds to a line that says {@code message}: "" when none. */
    public static String fieldsFor(String message) {
        LogContext current = CURRENT.get();
        if (current == null) {
            return "";
        }
        StringBuilder fields = new StringBuilder();
        String text = message == null ? "" : message;
        if (current.requestId != null && !text.contains("request_id=")) {
            fields.append(" request_id=").append(current.requestId);
        }
        if (current.sessionId != null && !text.contains("session_id=")) {
            fields.append(" session_id=").append(current.sessionId);
        }
        return fields.toString();
    }

    /** Ends a context; never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
