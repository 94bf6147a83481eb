package dev.tabbi.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Member pages ({@code /keys/}, {@code /sessions/}, …) need a signed-in user; others go to sign in first. */
public class MemberAreaFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getUserPrincipal() == null && DashboardAuthentication.isMemberArea(path)) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(DashboardAuthentication.signInRedirect(request));
            return;
        }
        chain.doFilter(request, response);
    }
}
