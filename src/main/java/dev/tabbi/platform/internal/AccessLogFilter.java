package dev.tabbi.platform.internal;

import dev.tabbi.platform.ClientAddress;
import dev.tabbi.platform.LogContext;
import dev.tabbi.platform.RequestId;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One line per request on the {@code dev.tabbi.access} logger, written when the response is complete (for an
 * event stream, when it ends): {@code http.access method=GET path=/v1/sessions/… status=200 duration_ms=12
 * client=203.0.113.7 request_id=…}. The query string is left out: it can hold an OAuth code or state.
 * {@code HTTP_ACCESS_LOG=false} turns it off.
 */
public class AccessLogFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger("dev.tabbi.access");
    private static final int MAX_PATH = 200;
    /** What would split the line's fields or quote them; a path with them is logged with "_" instead. */
    private static final java.util.regex.Pattern BREAKS_FIELDS = java.util.regex.Pattern.compile("[\\s\"]");

    @Inject
    transient ClientAddress clientAddress;

    @Inject
    @ConfigProperty(name = "http.access-log")
    transient boolean enabled;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!enabled) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new Completion(request, response, started));
            }
        } finally {
            if (!async) {
                log(request, response.getStatus(), started);
            }
        }
    }

    private void log(HttpServletRequest request, int status, long started) {
        String path = request.getRequestURI();
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH) + "…";
        }
        LOG.info("http.access method=" + request.getMethod() + " path=" + BREAKS_FIELDS.matcher(path).replaceAll("_")
                + " status=" + status + " duration_ms=" + (System.nanoTime() - started) / 1_000_000
                + " client=" + clientAddress.of(request) + " request_id=" + RequestId.of(request)
                + (request.getAttribute(LogContext.ATTRIBUTE) instanceof LogContext context
                        ? context.fieldsMissingFrom("request_id=") : ""));
    }

    /** Logs an asynchronous response (an event stream) when it completes, however it ends. */
    private final class Completion implements AsyncListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long started;

        Completion(HttpServletRequest request, HttpServletResponse response, long started) {
            this.request = request;
            this.response = response;
            this.started = started;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            log(request, response.getStatus(), started);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
