package dev.tabbi.sessions.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The guard rails of sessions: how many may run, how long they may sit idle, how much they may hold. */
@ApplicationScoped
public class SessionsConfiguration {

    @Inject
    @ConfigProperty(name = "sessions.max-live-per-user", defaultValue = "5")
    int maxLivePerUser;

    @Inject
    @ConfigProperty(name = "sessions.idle-timeout-seconds", defaultValue = "600")
    long idleTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "sessions.sandbox-check-seconds", defaultValue = "30")
    long sandboxCheckSeconds;

    @Inject
    @ConfigProperty(name = "sessions.orphan-check-seconds", defaultValue = "600")
    long orphanCheckSeconds;

    @Inject
    @ConfigProperty(name = "sessions.max-workspace-mb", defaultValue = "1024")
    long maxWorkspaceMegabytes;

    @Inject
    @ConfigProperty(name = "sessions.max-streams-per-user", defaultValue = "100")
    int maxStreamsPerUser;

    @Inject
    @ConfigProperty(name = "sessions.max-streams-per-key", defaultValue = "50")
    int maxStreamsPerKey;

    @Inject
    @ConfigProperty(name = "sessions.max-stream-seconds", defaultValue = "3600")
    long maxStreamSeconds;

    @Inject
    @ConfigProperty(name = "sessions.lease-seconds", defaultValue = "15")
    long leaseSeconds;

    @Inject
    @ConfigProperty(name = "sessions.reclaim-check-seconds", defaultValue = "5")
    long reclaimCheckSeconds;

    /**
     * How long a node's claim on a start or a turn lasts without renewal (renewed every third of it): the time
     * after which a dead node's work is another node's to reclaim.
     */
    public Duration lease() {
        return Duration.ofSeconds(Math.max(2, leaseSeconds));
    }

    /** How often every node looks for lapsed leases; a dead node's work is reclaimed within lease + this. */
    public Duration reclaimCheck() {
        return Duration.ofSeconds(Math.max(1, reclaimCheckSeconds));
    }

    /** Sessions holding a sandbox (starting, idle or running) per user; paused ones do not count. */
    public int maxLivePerUser() {
        return maxLivePerUser;
    }

    /** Event streams ({@code GET …/events}) open at once per user, on all nodes together. */
    public int maxStreamsPerUser() {
        return maxStreamsPerUser;
    }

    /** Event streams open at once per API key, on all nodes together. */
    public int maxStreamsPerKey() {
        return maxStreamsPerKey;
    }

    /** How long one event stream may stay open; then it ends and its client reconnects with {@code Last-Event-ID}. */
    public Duration maxStreamLifetime() {
        return Duration.ofSeconds(Math.max(10, maxStreamSeconds));
    }

    /** How long a session may sit idle (nobody following its events) before it is paused; zero turns it off. */
    public Duration idleTimeout() {
        return Duration.ofSeconds(idleTimeoutSeconds);
    }

    /** How often a node looks after its sandboxes (auto-pause; sandboxes whose session ended elsewhere). */
    public Duration sandboxCheck() {
        return Duration.ofSeconds(Math.max(1, sandboxCheckSeconds));
    }

    /** How often (at most, across all nodes) the platform's sandboxes are compared with the sessions. */
    public Duration orphanCheck() {
        return Duration.ofSeconds(Math.max(1, orphanCheckSeconds));
    }

    public long maxWorkspaceBytes() {
        return maxWorkspaceMegabytes * 1024 * 1024;
    }
}
