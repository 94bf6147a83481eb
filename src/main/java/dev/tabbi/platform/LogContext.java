package dev.tabbi.platform;

/**
 * What every log line written on this thread is about: the request being served and the session it concerns.
 * The platform's request filter opens one per request; the module serving the request names its session
 * ({@link #attachSession}); work done for a session on another thread carries it ({@link #carrying}). Each line of
 * the app's loggers then ends with {@code request_id=…} and {@code session_id=…} (unless the line names them
 * itself), like a logging framework's mapped diagnostic context.
 */
public final class LogContext implements AutoCloseable {
    private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();
    /** Request attribute holding the request's context, for what runs after it (the access log). */
    public static final String ATTRIBUTE = LogContext.class.getName();

    private final String requestId;
    private final LogContext previous;
    private volatile String sessionId;

    private LogContext(String requestId, String sessionId, LogContext previous) {
        this.requestId = requestId;
        this.sessionId = sessionId;
        this.previous = previous;
    }

    /** Until it is closed, lines on this thread carry these ids (either may be null). */
    public static LogContext open(String requestId, String sessionId) {
        LogContext context = new LogContext(requestId, sessionId, CURRENT.get());
        CURRENT.set(context);
        return context;
    }

    /** Names the session the current request concerns, for the rest of it; nothing outside a request. */
    public static void attachSession(String sessionId) {
        LogContext current = CURRENT.get();
        if (current != null) {
            current.sessionId = sessionId;
        }
    }

    /**
     * {@code task} to run on another thread with this thread's request id and {@code sessionId}: what a request
     * hands off (a start, a turn) logs as part of it.
     */
    public static Runnable carrying(String sessionId, Runnable task) {
        LogContext current = CURRENT.get();
        String requestId = current == null ? null : current.requestId;
        return () -> {
            try (LogContext context = open(requestId, sessionId)) {
                task.run();
            }
        };
    }

    /** The fields the current context adds to a line that says {@code message}: "" when none. */
    public static String fieldsFor(String message) {
        LogContext current = CURRENT.get();
        return current == null ? "" : current.fieldsMissingFrom(message == null ? "" : message);
    }

    /** " request_id=… session_id=…" for what {@code text} does not already name. */
    public String fieldsMissingFrom(String text) {
        StringBuilder fields = new StringBuilder();
        if (requestId != null && !text.contains("request_id=")) {
            fields.append(" request_id=").append(requestId);
        }
        String session = sessionId;
        if (session != null && !text.contains("session_id=")) {
            fields.append(" session_id=").append(session);
        }
        return fields.toString();
    }

    /** Ends this context: the thread's previous one (if any) applies again. */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
