package dev.tabbi.usage.api;

import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.RateLimiter;
import dev.tabbi.platform.RateLimitHeaders;
import dev.tabbi.usage.internal.RateLimits;
import dev.tabbi.usage.internal.RouteClass;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Rate limits of every authenticated API request, right after authentication: the key's limit for the request's
 * route class (create, messages, files, other) per minute and its overall limit per hour, and the user's limit of
 * all their keys together per minute. A refused request gets
 * 429 {@code RATE_LIMIT_EXCEEDED} with {@code Retry-After}; every authenticated answer carries where the key
 * stands ({@link RateLimitHeaders}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 100)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    @Inject
    RateLimits limits;

    @Inject
    CurrentCaller caller;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!limits.enabled() || !caller.isAuthenticated()) {
            return;
        }
        RouteClass routeClass = RouteClass.of(resource.getResourceMethod(), resource.getResourceClass());
        if (caller.get().keyId() != null) { // the dashboard's own limit is already the user's
            limits.forUser(caller.get().userId(), routeClass);
        } else if (routeClass == RouteClass.CREATE) {
            return; // counted where every keyless creation is (DashboardCreationLimit)
        }
        request.setProperty(DECISION, limits.forKey(caller.get().limitSubject(), routeClass));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision decision) {
            RateLimitHeaders.of(decision).forEach((name, value) -> response.getHeaders().putSingle(name, value));
        }
    }
}
