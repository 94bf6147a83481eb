package dev.tabbi.client;

/** The API's error codes (its contract lists them with their statuses), and two of this client's own. */
public enum ErrorCode {
    VALIDATION_ERROR,
    INVALID_API_KEY,
    BUDGET_EXCEEDED,
    SESSION_NOT_FOUND,
    FILE_NOT_FOUND,
    SESSION_BUSY,
    SESSION_TERMINATED,
    IDEMPOTENCY_CONFLICT,
    RATE_LIMIT_EXCEEDED,
    INTERNAL_ERROR,
    SANDBOX_CREATE_FAILED,
    SANDBOX_TIMEOUT,
    /** The server was not reached, or its answer was cut off. */
    UNREACHABLE,
    /** A code this version of the client does not know; the exception's raw code has it. */
    OTHER;

    static ErrorCode of(String code) {
        if (code == null) {
            return OTHER;
        }
        try {
            return valueOf(code);
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }
}
