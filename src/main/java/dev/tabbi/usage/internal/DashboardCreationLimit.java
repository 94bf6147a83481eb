package dev.tabbi.usage.internal;

import dev.tabbi.sessions.SessionRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The creation limit for sessions made without a key (the dashboard's New session page, or a signed-in browser on
 * the API), which the API's rate-limit filter does not count: the same per-minute limit as a key's, for the user.
 * A refusal is a 429 that the page shows, and nothing is created.
 */
@ApplicationScoped
public class DashboardCreationLimit {

    @Inject
    RateLimits limits;

    void onRequested(@Observes SessionRequested requested) {
        if (requested.keyId() == null && limits.enabled()) {
            limits.forKey(dev.tabbi.keys.Caller.dashboardSubject(requested.userId()), RouteClass.CREATE);
        }
    }
}
