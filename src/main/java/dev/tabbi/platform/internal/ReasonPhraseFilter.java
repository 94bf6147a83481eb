package dev.tabbi.platform.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Standard reason phrases for the statuses the server's HTTP layer does not know. Servlet 6 cannot set one, and
 * Payara's Grizzly sends {@code 429 CUSTOM}, which clients print. Every status set through the wrapped response gets
 * its phrase on Grizzly's own response right after; on other servers (which know these statuses) nothing happens.
 */
public class ReasonPhraseFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ReasonPhraseFilter.class.getName());
    private static final Map<Integer, String> MISSING = Map.of(429, "Too Many Requests");
    private static volatile boolean unavailable;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, unavailable ? response : new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                super.setStatus(status);
                apply(response, status);
            }
        });
    }

    private static void apply(HttpServletResponse response, int status) {
        String phrase = MISSING.get(status);
        if (phrase == null || unavailable) {
            return;
        }
        try {
            ServletResponse target = response;
            while (target instanceof ServletResponseWrapper wrapper) {
                target = wrapper.getResponse();
            }
            Object connector = field(target.getClass(), "response").get(target); // the facade's connector response
            Object grizzly = connector.getClass().getMethod("getCoyoteResponse").invoke(connector);
            grizzly.getClass().getMethod("setStatus", int.class, String.class).invoke(grizzly, status, phrase);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true; // not Payara's HTTP layer: its own phrase stands
            LOG.fine("platform.reason_phrase_unavailable error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
