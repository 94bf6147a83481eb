package dev.tabbi.platform.internal;

import dev.tabbi.platform.LogContext;
import dev.tabbi.platform.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every request an id (a sane incoming {@code X-Request-ID}, else a new one), returns it, and puts it (with
 * the session an API path names) in the {@link LogContext} of the lines logged while the request is served.
 */
public class RequestIdFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Pattern SESSION_PATH = Pattern.compile("^/v1/sessions/([0-9a-fA-F-]{36})(?:/.*)?$");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Error dispatches keep the id of the request that failed; requests the container rejected have none yet.
        String id = RequestId.of(request);
        if (id == null) {
            id = RequestId.acceptOrGenerate(request.getHeader(RequestId.HEADER));
        }
        request.setAttribute(RequestId.ATTRIBUTE, id);
        response.setHeader(RequestId.HEADER, id);
        try (LogContext.Scope scope = LogContext.open(id, sessionOf(request))) {
            chain.doFilter(request, response);
        }
    }

    /** The session id of an API path, or null; only ever a UUID's characters, so it cannot forge a log field. */
    static String sessionOf(HttpServletRequest request) {
        Matcher path = SESSION_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        return path.matches() ? path.group(1).toLowerCase(java.util.Locale.ROOT) : null;
    }
}
