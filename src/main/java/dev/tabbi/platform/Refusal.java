package dev.tabbi.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Why something a user asked for is not done, as a domain outcome: a {@link Reason}, a stable {@code code} for
 * programs and a message for people. Services throw it; the REST API's edge ({@code platform/api}) turns it into the
 * contract's error response {@code {"error":{"code","message","details"?}}} with the status of {@link RefusalStatus},
 * the dashboard's pages into a message ({@link PageActions}). Nothing below the edges knows HTTP.
 */
public class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal; each edge decides how to say it (the REST API: a status code). */
    public enum Reason {
        /** The request itself is wrong (a field, a parameter). */
        INVALID,
        /** Who is asking is not known (no key, a wrong one). */
        UNAUTHENTICATED,
        /** A budget is spent. */
        OVER_BUDGET,
        /** Known, but not allowed to do this. */
        FORBIDDEN,
        /** No such thing among the caller's own (someone else's is as absent as one that never existed). */
        NOT_FOUND,
        /** The thing is in a state that does not allow it now. */
        CONFLICT,
        /** The thing existed and has ended. */
        GONE,
        /** More than a request or an answer may carry. */
        TOO_LARGE,
        /** Well-formed, but it contradicts an earlier request (an idempotency key used for another body). */
        CONTRADICTS_EARLIER,
        /** A limit on how much or how often; {@link #retryAfter()} says when to try again. */
        TOO_MANY,
        /** A service we depend on (GitHub, a model provider) failed. */
        UPSTREAM_FAILED,
        /** This server cannot take it right now; try again. */
        UNAVAILABLE,
        /** This server is shutting down: try again and another one answers (the connection is closed). */
        SHUTTING_DOWN
    }

    private final Reason reason;
    private final String code;
    private final transient Map<String, Object> details;
    private final Duration retryAfter;
    private final transient RateLimiter.Decision limits;

    public Refusal(Reason reason, String code, String message) {
        this(reason, code, message, Map.of(), null, null);
    }

    public Refusal(Reason reason, String code, String message, Map<String, Object> details) {
        this(reason, code, message, details, null, null);
    }

    /**
     * With when to try again ({@code retryAfter}, may be null) and, for a rate limit, the state of the limits that
     * refused ({@code limits}, may be null), which the edge reports beside the error.
     */
    public Refusal(Reason reason, String code, String message, Map<String, Object> details, Duration retryAfter,
            RateLimiter.Decision limits) {
        super(message);
        this.reason = reason;
        this.code = code;
        this.details = Map.copyOf(details);
        this.retryAfter = retryAfter;
        this.limits = limits;
    }

    /** A field or parameter of the request is wrong: {@code message} names it and says what it must be. */
    public static Refusal invalid(String message) {
        return new Refusal(Reason.INVALID, "VALIDATION_ERROR", message);
    }

    public Reason reason() {
        return reason;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Optional<RateLimiter.Decision> limits() {
        return Optional.ofNullable(limits);
    }
}
