package dev.tabbi.platform.internal;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Liveness;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers API calls with 503 while the database is not usable, instead of letting them fail on it. */
public class ApiAvailabilityFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** How soon a client may try again while the database is unavailable (also {@code UnhandledExceptionMapper}'s). */
    public static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    transient DatabaseMigrations migrations;

    @Inject
    @Liveness
    transient PersistenceUnitCheck persistenceUnit;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!migrations.isComplete() || !persistenceUnit.isOpen()) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            JsonResponses.writeError(request, response, 503, "SERVICE_UNAVAILABLE",
                    "The service is starting or its database is unavailable; retry shortly");
            return;
        }
        chain.doFilter(request, response);
    }
}
