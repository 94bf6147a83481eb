package dev.tabbi.platform.internal;

import dev.tabbi.platform.RequestId;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes JSON bodies from servlet code (filters, probes, the error page) in the same shapes the JAX-RS resources
 * use, so a client sees one error format whichever layer answered.
 */
public final class JsonResponses {
    private static final Jsonb JSONB = JsonbBuilder.create();

    private JsonResponses() {
    }

    /** The contract's error body: {@code {"error":{"code","message","requestId"?,"details"?}}}. */
    public record ErrorEnvelope(ErrorBody error) {
    }

    @JsonbPropertyOrder({"code", "message", "requestId", "details"})
    public record ErrorBody(String code, String message, String requestId, Map<String, Object> details) {
        public ErrorBody {
            details = details == null || details.isEmpty() ? null : Map.copyOf(details);
        }
    }

    public static ErrorEnvelope error(String code, String message, String requestId, Map<String, Object> details) {
        return new ErrorEnvelope(new ErrorBody(code, message, requestId, details));
    }

    public static void writeError(HttpServletRequest request, HttpServletResponse response, int status,
            String code, String message) throws IOException {
        String requestId = RequestId.of(request);
        if (requestId == null) { // the container refused the request before any filter ran (a path it cannot decode)
            requestId = java.util.UUID.randomUUID().toString();
        }
        if (!response.containsHeader("X-Request-ID")) {
            response.setHeader("X-Request-ID", requestId);
        }
        write(response, status, error(code, message, requestId, Map.of()));
    }

    public static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = JSONB.toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The standard code for a bare HTTP status the platform produced itself (no route, wrong method…). */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "VALIDATION_ERROR";
            case 401 -> "INVALID_API_KEY";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 429 -> "RATE_LIMIT_EXCEEDED";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
        };
    }
}
