package dev.tabbi.usage.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The API's rate limits per key and route class, the sign-in pages' limit per address, and what to do without Redis. */
@ApplicationScoped
public class RateLimitConfiguration {

    /** What the limits do while Redis cannot be reached. */
    public enum WhenRedisDown {
        /** Reads and turns go on under each node's own limits; creating sessions is refused (503, Retry-After). */
        SERVE_READS,
        /** Everything goes on under each node's own limits. */
        SERVE_ALL,
        /** Every limited request is refused (503, Retry-After). */
        REFUSE_ALL
    }

    @Inject
    @ConfigProperty(name = "rate-limit.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "rate-limit.create-per-minute", defaultValue = "10")
    int createPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.messages-per-minute", defaultValue = "100")
    int messagesPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.files-per-minute", defaultValue = "200")
    int filesPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.other-per-minute", defaultValue = "100")
    int otherPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.per-hour", defaultValue = "1000")
    int perHour;

    @Inject
    @ConfigProperty(name = "rate-limit.user-per-minute", defaultValue = "300")
    int userPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.sign-in-per-minute", defaultValue = "30")
    int signInPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.model-calls-per-minute", defaultValue = "120")
    int modelCallsPerMinute;

    @Inject
    @ConfigProperty(name = "rate-limit.when-redis-down", defaultValue = "serve-reads")
    String whenRedisDown;

    public boolean enabled() {
        return enabled;
    }

    public int perMinute(RouteClass routeClass) {
        return Math.max(1, switch (routeClass) {
            case CREATE -> createPerMinute;
            case MESSAGES -> messagesPerMinute;
            case FILES -> filesPerMinute;
            case OTHER -> otherPerMinute;
        });
    }

    /** Requests a minute of all of one user's keys together, whatever the route. */
    public int userPerMinute() {
        return Math.max(1, userPerMinute);
    }

    public int perHour() {
        return Math.max(1, perHour);
    }

    /** Calls one session's agent may make to the model gateway a minute (a turn makes one a step). */
    public int modelCallsPerMinute() {
        return Math.max(1, modelCallsPerMinute);
    }

    public int signInPerMinute() {
        return Math.max(1, signInPerMinute);
    }

    public WhenRedisDown whenRedisDown() {
        return WhenRedisDown.valueOf(whenRedisDown.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
