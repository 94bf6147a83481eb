package dev.tabbi.platform;

import java.util.Map;

/**
 * An error a caller of the public API should see, in the contract's shape
 * {@code {"error":{"code","message","details"?}}}. Modules throw it (or a subclass) from services and resources;
 * the platform's exception mapper turns it into the response.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;
    private final transient Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, Map.of());
    }

    /** With response headers the error needs, e.g. {@code WWW-Authenticate} on a 401 or {@code Retry-After}. */
    public ApiException(int status, String code, String message, Map<String, Object> details,
            Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException validation(String message) {
        return new ApiException(400, "VALIDATION_ERROR", message);
    }
}
