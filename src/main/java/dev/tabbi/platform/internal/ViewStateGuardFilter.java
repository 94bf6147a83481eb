package dev.tabbi.platform.internal;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Fails closed when the page-state secret is missing: a form submission (a POST to a page) is answered 503 rather
 * than handing Faces state it could not have protected. Pages themselves still render.
 */
public class ViewStateGuardFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Inject
    @org.eclipse.microprofile.health.Readiness
    transient ViewStateSecret secret;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod()) && !secret.usable()) {
            response.setHeader("Retry-After", "30");
            response.sendError(503, "The dashboard is not configured (DASHBOARD_VIEW_STATE_SECRET)");
            return;
        }
        chain.doFilter(request, response);
    }
}
