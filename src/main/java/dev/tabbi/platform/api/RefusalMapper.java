package dev.tabbi.platform.api;

import dev.tabbi.platform.RateLimitHeaders;
import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.RefusalStatus;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What the modules refuse, as the REST API says it: the status of its reason ({@link RefusalStatus}), its code and
 * message in the contract's shape, and the headers that go with it ({@code Retry-After}, the rate-limit state,
 * {@code WWW-Authenticate}, and {@code Connection: close} from a server shutting down).
 */
@Provider
public class RefusalMapper implements ExceptionMapper<Refusal> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Refusal refusal) {
        Response.ResponseBuilder response = Response.fromResponse(ErrorResponses.of(request,
                RefusalStatus.of(refusal.reason()), refusal.code(), refusal.getMessage(), refusal.details()));
        refusal.limits().ifPresent(limits -> RateLimitHeaders.of(limits).forEach(response::header));
        refusal.retryAfter().ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
        if (refusal.reason() == Refusal.Reason.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tabbi\"");
        }
        if (refusal.reason() == Refusal.Reason.SHUTTING_DOWN) {
            response.header("Connection", "close"); // the next request goes through the load balancer to another node
        }
        return response.build();
    }
}
