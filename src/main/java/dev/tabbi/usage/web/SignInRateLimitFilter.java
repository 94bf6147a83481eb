package dev.tabbi.usage.web;

import dev.tabbi.platform.RateLimitHeaders;
import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.RefusalStatus;
import dev.tabbi.platform.ClientAddress;
import dev.tabbi.usage.internal.RateLimits;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A limit per client address on the sign-in page and the GitHub sign-in routes, so they cannot be used to hammer
 * GitHub or guess at the callback. The address is the client's ({@link ClientAddress}: behind a trusted proxy, the
 * one the proxy names). GitHub's redirect back (the callback) counts apart, so a client that used up its page
 * views can still finish a sign-in it began. A refused request gets 429 with {@code Retry-After}.
 */
public class SignInRateLimitFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Inject
    transient RateLimits limits;

    @Inject
    transient ClientAddress clientAddress;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (limits.enabled()) {
            try {
                limits.forSignIn(clientAddress.of(request), request.getRequestURI().endsWith("/callback"));
            } catch (Refusal refused) {
                refused.retryAfter().ifPresent(wait -> response.setHeader("Retry-After", Long.toString(wait.toSeconds())));
                refused.limits().ifPresent(state -> RateLimitHeaders.of(state).forEach(response::setHeader));
                // a page, not the API: the browser shows the error page of the status
                response.sendError(RefusalStatus.of(refused.reason()), refused.getMessage());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
