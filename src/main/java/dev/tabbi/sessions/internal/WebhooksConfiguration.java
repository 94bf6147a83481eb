package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How webhooks are delivered: retries, how long before giving up, where they may go, how many there may be. */
@ApplicationScoped
public class WebhooksConfiguration {

    @Inject
    @ConfigProperty(name = "webhooks.retry-base-seconds", defaultValue = "5")
    long retryBaseSeconds;

    @Inject
    @ConfigProperty(name = "webhooks.retry-cap-seconds", defaultValue = "7200")
    long retryCapSeconds;

    @Inject
    @ConfigProperty(name = "webhooks.give-up-hours", defaultValue = "24")
    long giveUpHours;

    @Inject
    @ConfigProperty(name = "webhooks.timeout-seconds", defaultValue = "10")
    long timeoutSeconds;

    @Inject
    @ConfigProperty(name = "webhooks.lease-seconds", defaultValue = "60")
    long leaseSeconds;

    @Inject
    @ConfigProperty(name = "webhooks.poll-millis", defaultValue = "1000")
    long pollMillis;

    @Inject
    @ConfigProperty(name = "webhooks.senders", defaultValue = "8")
    int senders;

    @Inject
    @ConfigProperty(name = "webhooks.max-endpoints-per-user", defaultValue = "10")
    int maxEndpointsPerUser;

    @Inject
    @ConfigProperty(name = "webhooks.retention-days", defaultValue = "30")
    int retentionDays;

    @Inject
    @ConfigProperty(name = "webhooks.allow-private-network", defaultValue = "false")
    boolean allowPrivateNetwork;

    /** Between attempts of one delivery: doubling from the base, jittered, capped. */
    public Backoff retries() {
        long base = Math.max(1, retryBaseSeconds);
        return new Backoff(Duration.ofSeconds(base), Duration.ofSeconds(Math.max(base, retryCapSeconds)));
    }

    /** After failing for this long, a delivery is given up and its endpoint disabled. */
    public Duration giveUpAfter() {
        return Duration.ofHours(Math.max(1, giveUpHours));
    }

    /** How long a receiver has to answer. */
    public Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** How long a receiver has to accept the connection: the answer's time, at most five seconds. */
    public Duration connectTimeout() {
        return Duration.ofSeconds(Math.min(5, timeout().toSeconds()));
    }

    /**
     * How long a node holds a delivery it took: after it, another node sends it again (the node may have died).
     * Longer than a delivery may take.
     */
    public Duration lease() {
        return Duration.ofSeconds(Math.max(leaseSeconds, connectTimeout().plus(timeout()).toSeconds() + 5));
    }

    public Duration poll() {
        return Duration.ofMillis(Math.max(50, pollMillis));
    }

    public int senders() {
        return Math.max(1, senders);
    }

    public int maxEndpointsPerUser() {
        return maxEndpointsPerUser;
    }

    public int retentionDays() {
        return Math.max(1, retentionDays);
    }

    /** http and internal addresses allowed (a development machine, the tests); never in production. */
    public boolean allowPrivateNetwork() {
        return allowPrivateNetwork;
    }
}
