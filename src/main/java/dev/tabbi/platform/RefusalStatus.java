package dev.tabbi.platform;

/**
 * The HTTP status of each reason for a refusal: the one table of them, for every HTTP edge (the REST API's
 * {@code platform/api/RefusalMapper}, the model gateway, the sign-in pages' limit).
 */
public final class RefusalStatus {
    private RefusalStatus() {
    }

    public static int of(Refusal.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case OVER_BUDGET -> 402;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case CONTRADICTS_EARLIER -> 422;
            case TOO_MANY -> 429;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE, SHUTTING_DOWN -> 503;
        };
    }
}
