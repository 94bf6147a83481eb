package dev.tabbi.platform.api;

import dev.tabbi.platform.RequestId;
import dev.tabbi.platform.internal.ApiAvailabilityFilter;
import dev.tabbi.platform.internal.RequestSizeFilter;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything no other mapper claims. Bodies that are too large or not JSON are the caller's fault (413/400); no
 * database connection in time (PostgreSQL unreachable, or every connection of the node busy for the whole wait) is a
 * 503 to retry; anything else is a bug: logged with the request id, answered with a bare 500 that reveals nothing
 * internal.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());
    private static final Set<String> SERVER_GOING_OR_COMING = Set.of("57P01", "57P02", "57P03");

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeFilter.BodyTooLargeException) {
                return ErrorResponses.of(request, 413, "PAYLOAD_TOO_LARGE", cause.getMessage(), Map.of());
            }
            if (databaseUnavailable(cause)) {
                LOG.warning("api.database_unavailable request_id=" + (request == null ? null : RequestId.of(request))
                        + " error=\"" + cause.getClass().getSimpleName() + "\"");
                return Response.fromResponse(ErrorResponses.of(request, 503, "SERVICE_UNAVAILABLE",
                        "The database is unavailable; retry shortly", Map.of()))
                        .header("Retry-After", ApiAvailabilityFilter.RETRY_AFTER_SECONDS).build();
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

    /**
     * No connection in time from the pool, or PostgreSQL ended or refused one (SQLSTATE class 08, connection
     * exception; 57P01–57P03, shut down or starting up): nothing the request did wrong, so it may be retried.
     */
    private static boolean databaseUnavailable(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = cause instanceof SQLException sql ? sql.getSQLState() : null;
        return state != null && (state.startsWith("08") || SERVER_GOING_OR_COMING.contains(state));
    }
}
