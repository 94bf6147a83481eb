package dev.tabbi.platform.api;

import dev.tabbi.platform.RequestId;
import dev.tabbi.platform.internal.JsonResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds JAX-RS error responses in the contract's shape, carrying the request id. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static Response of(HttpServletRequest request, int status, String code, String message,
            Map<String, Object> details) {
        String requestId = request == null ? null : RequestId.of(request);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(JsonResponses.error(code, message, requestId, details))
                .build();
    }
}
