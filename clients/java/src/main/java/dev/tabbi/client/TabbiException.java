package dev.tabbi.client;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * An error answer of the API ({@code {"error":{"code","message","details"?}}}), or a failure to reach it
 * ({@link ErrorCode#UNREACHABLE}). {@link #retryAfter()} is set when the server said when to try again (429, 503).
 */
public class TabbiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ErrorCode code;
    private final String rawCode;
    private final transient JsonObject details;
    private final String requestId;
    private final Duration retryAfter;

    public TabbiException(int status, String rawCode, String message, JsonObject details, String requestId,
            Duration retryAfter) {
        super(message + " (" + rawCode + (status > 0 ? ", HTTP " + status : "")
                + (requestId != null ? ", request " + requestId : "") + ")");
        this.status = status;
        this.code = ErrorCode.of(rawCode);
        this.rawCode = rawCode;
        this.details = details;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    TabbiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = ErrorCode.UNREACHABLE;
        this.rawCode = ErrorCode.UNREACHABLE.name();
        this.details = null;
        this.requestId = null;
        this.retryAfter = null;
    }

    /** The HTTP status, 0 when the server was not reached. */
    public int status() {
        return status;
    }

    /** The error code, {@link ErrorCode#OTHER} for one this client does not know (see {@link #rawCode()}). */
    public ErrorCode code() {
        return code;
    }

    /** The code exactly as the server sent it. */
    public String rawCode() {
        return rawCode;
    }

    /** The error's details (e.g. the fields of a VALIDATION_ERROR), if any. */
    public Optional<JsonObject> details() {
        return Optional.ofNullable(details);
    }

    /** The X-Request-ID of the failed request: quote it when asking the operator. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How long to wait before trying again, when the server said (Retry-After). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
