package dev.tabbi.keys.api;

import dev.tabbi.keys.ApiKeys;
import dev.tabbi.keys.Caller;
import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Every matched {@code /v1} route requires {@code Authorization: Bearer <key>}. Runs after routing, so an unknown
 * route is a 404 whoever asks. Any failure is the same 401, so the answer does not tell a revoked key from a
 * made-up one.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {
    private static final String SCHEME = "Bearer ";
    private static final int MAX_HEADER_LENGTH = 200;

    @Inject
    ApiKeys keys;

    @Inject
    CurrentCaller currentCaller;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw unauthorized("Missing API key: send Authorization: Bearer <key>");
        }
        if (header.length() > MAX_HEADER_LENGTH || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized("Malformed Authorization header: expected Bearer <key>");
        }
        Caller caller = keys.authenticate(header.substring(SCHEME.length()).strip())
                .orElseThrow(() -> unauthorized("Invalid API key"));
        currentCaller.set(caller);
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "INVALID_API_KEY", message, Map.of(),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tabbi\""));
    }
}
