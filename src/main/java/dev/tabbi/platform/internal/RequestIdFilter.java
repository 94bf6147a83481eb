package dev.tabbi.platform.internal;

import dev.tabbi.platform.LogContext;
import dev.tabbi.platform.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives every request an id (a sane incoming {@code X-Request-ID}, else a new one), returns it, and opens the
 * {@link LogContext} of the lines logged while the request is served (the module serving it adds its session).
 */
public class RequestIdFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

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
        try (LogContext context = LogContext.open(id, null)) {
            if (request.getAttribute(LogContext.ATTRIBUTE) == null) { // an error dispatch keeps the request's
                request.setAttribute(LogContext.ATTRIBUTE, context);
            }
            chain.doFilter(request, response);
        }
    }
}
