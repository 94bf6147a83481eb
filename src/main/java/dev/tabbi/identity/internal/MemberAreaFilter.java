package dev.tabbi.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Member pages need a signed-in user; others go to sign in first. Which pages those are is the filter's mapping in
 * {@code web.xml} (every module's dashboard folder), so no module's code lists another's pages.
 */
public class MemberAreaFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @jakarta.inject.Inject
    transient IdentityConfiguration configuration;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        if (request.getUserPrincipal() == null) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(DashboardAuthentication.signInRedirect(request, configuration.home()));
            return;
        }
        chain.doFilter(request, response);
    }
}
