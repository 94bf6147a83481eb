package dev.tabbi.platform.internal;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Security headers on every response. Dashboard pages get a policy without {@code script-src}: PrimeFaces adds
 * its own header there with a per-response nonce for its scripts, and browsers enforce both policies together.
 */
public class SecurityHeadersFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /** Directives that hold for pages and everything else alike. */
    static final String COMMON_POLICY = "img-src 'self' data: https://avatars.githubusercontent.com; "
            + "style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; media-src 'self'; "
            + "object-src 'none'; frame-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    static final String STRICT_POLICY = "default-src 'self'; script-src 'self'; " + COMMON_POLICY;

    @Inject
    @ConfigProperty(name = "http.hsts-max-age-seconds", defaultValue = "31536000")
    long hstsMaxAgeSeconds;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Strict-Transport-Security", "max-age=" + hstsMaxAgeSeconds + "; includeSubDomains");
        response.setHeader("Content-Security-Policy", isDashboardPage(request) ? COMMON_POLICY : STRICT_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        chain.doFilter(request, response);
    }

    static boolean isDashboardPage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/health")
                || path.startsWith("/jakarta.faces.resource/") || path.startsWith("/openapi"));
    }
}
