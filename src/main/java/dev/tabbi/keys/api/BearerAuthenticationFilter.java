package dev.tabbi.keys.api;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.keys.ApiKeys;
import dev.tabbi.keys.Caller;
import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.keys.DashboardMayCall;
import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Every matched {@code /v1} route requires {@code Authorization: Bearer <key>}. Runs after routing, so an unknown
 * route is a 404 whoever asks. Any failure is the same 401, so the answer does not tell a revoked key from a
 * made-up one. The one other caller is the dashboard: on routes marked {@link DashboardMayCall}, a request without the
 * header from a signed-in browser acts for that user with no key, and a change (anything but GET) must carry the browser
 * session's CSRF token in {@code X-CSRF-Token}, which other sites cannot read or send. Lookups of unknown keys are
 * counted per client address, which past its limit gets 429 for keys not already known.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthenticationFilter implements ContainerRequestFilter {
    private static final String SCHEME = "Bearer ";
    private static final int MAX_HEADER_LENGTH = 200;
    /** The header the dashboard's scripts send the CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    @Inject
    ApiKeys keys;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    SignedInUser signedIn;

    @Inject
    ClientAddress clientAddress;

    @Context
    HttpServletRequest servletRequest;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null && dashboardMayCall() && signedIn.isSignedIn()) {
            String method = request.getMethod();
            if (!method.equals("GET") && !method.equals("HEAD") && !signedIn.csrfMatches(request.getHeaderString(CSRF_HEADER))) {
                throw new Refusal(Refusal.Reason.FORBIDDEN, "CSRF_TOKEN_INVALID", "Missing or wrong " + CSRF_HEADER + " header");
            }
            currentCaller.set(new Caller(signedIn.id(), null, KeyEnvironment.LIVE));
            return;
        }
        if (header == null || header.isBlank()) {
            throw unauthorized("Missing API key: send Authorization: Bearer <key>");
        }
        if (header.length() > MAX_HEADER_LENGTH || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized("Malformed Authorization header: expected Bearer <key>");
        }
        Caller caller = keys.authenticate(header.substring(SCHEME.length()).strip(), clientAddress.of(servletRequest))
                .orElseThrow(() -> unauthorized("Invalid API key"));
        currentCaller.set(caller);
    }

    private boolean dashboardMayCall() {
        return resource.getResourceMethod().isAnnotationPresent(DashboardMayCall.class)
                || resource.getResourceClass().isAnnotationPresent(DashboardMayCall.class);
    }

    private static Refusal unauthorized(String message) {
        return new Refusal(Refusal.Reason.UNAUTHENTICATED, "INVALID_API_KEY", message);
    }
}
