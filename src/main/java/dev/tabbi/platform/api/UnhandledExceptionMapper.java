package dev.tabbi.platform.api;

import dev.tabbi.platform.RequestId;
import dev.tabbi.platform.internal.RequestSizeFilter;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything no other mapper claims. Bodies that are too large or not JSON are the caller's fault (413/400);
 * anything else is a bug: logged with the request id, answered with a bare 500 that reveals nothing internal.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeFilter.BodyTooLargeException) {
                return ErrorResponses.of(request, 413, "PAYLOAD_TOO_LARGE", cause.getMessage(), Map.of());
            }
            if (cause instanceof JsonbException) {
                return ErrorResponses.of(request, 400, "VALIDATION_ERROR", "The request body is not valid JSON "
                        + "for this endpoint", Map.of());
            }
        }
        String requestId = request == null ? null : RequestId.of(request);
        LOG.log(Level.SEVERE, "api.unhandled request_id=" + requestId, e);
        return ErrorResponses.of(request, 500, "INTERNAL_ERROR",
                "Internal error; quote the request id when reporting it", Map.of());
    }
}
