package dev.tabbi.testsupport;

import java.util.Map;

/**
 * The kinds of Tabbi server the integration tests run, each started once for the whole run and shared by the test
 * classes that ask for it with {@link TabbiServer}. Every node gets the run's base settings
 * ({@link TestEnvironment#settings}) and, on top, its profile's.
 */
public enum Profile {
    /**
     * The shared node: the run's database, Redis and fakes, limits far out of the tests' way; the only node that
     * ends sessions paused past the workspace retention, and it looks every two seconds; it keeps
     * {@value TestEnvironment#WARM_POOL} sandboxes ready in its warm pool.
     */
    SHARED("it-server"),
    /**
     * A second node sharing database and Redis with {@link #SHARED}, for what must work across nodes; it pauses a
     * session after {@value TestEnvironment#SECOND_NODE_IDLE_SECONDS} s idle, for the auto-pause tests, and holds its
     * agents to guard rails (shell commands {@code echo} and {@code ls} only, never {@code echo forbidden…}; at most
     * {@value TestEnvironment#SECOND_NODE_MAX_ITERATIONS} steps a turn).
     */
    SECOND_NODE("it-server-2"),
    /**
     * A node with low limits ({@value TestEnvironment#LIMITS_PER_MINUTE} requests a minute,
     * {@value TestEnvironment#CREATES_PER_MINUTE} creations, {@value TestEnvironment#SIGN_INS_PER_MINUTE} sign-in
     * page views per address, {@value TestEnvironment#KEY_LOOKUPS_PER_MINUTE} unknown keys per address), nginx as
     * its trusted proxy, and a Redis of its own that tests may stop and start ({@link TestEnvironment#limitsRedis()}).
     */
    LIMITS("it-limits"),
    /**
     * Three nodes behind a load balancer, their sandboxes on a platform every node reaches (a field of type
     * {@link Cluster}); see {@link TestEnvironment#cluster()}.
     */
    CLUSTER("it-cluster");

    private final String directory;

    Profile(String directory) {
        this.directory = directory;
    }

    /** The node's directory under {@code target/} (its log is {@code payara.log} there). */
    public String directory() {
        return directory;
    }

    /** What this profile's node sets on top of the base settings. */
    Map<String, String> settings(TestEnvironment environment) {
        return switch (this) {
            // a test ages a paused session in the database and waits for the workspace retention to end it
            // and keeps sandboxes ready for new sessions, as a deployment would (WarmPoolIT)
            case SHARED -> Map.of("workspace-retention-days", "30", "sessions.retention-check-seconds", "2",
                    "sandbox.local.warm-pool", Integer.toString(TestEnvironment.WARM_POOL));
            case CLUSTER -> Map.of();
            case SECOND_NODE -> Map.of(
                    "sessions.idle-timeout-seconds", Integer.toString(TestEnvironment.SECOND_NODE_IDLE_SECONDS),
                    "sessions.sandbox-check-seconds", "1",
                    "allowed-bash-commands", "echo *,ls *",
                    "denied-bash-commands", "echo forbidden*",
                    "max-agent-iterations", Integer.toString(TestEnvironment.SECOND_NODE_MAX_ITERATIONS));
            case LIMITS -> Map.of(
                    "redis.url", environment.limitsRedis().url(),
                    "rate-limit.other-per-minute", Integer.toString(TestEnvironment.LIMITS_PER_MINUTE),
                    "rate-limit.create-per-minute", Integer.toString(TestEnvironment.CREATES_PER_MINUTE),
                    "rate-limit.sign-in-per-minute", Integer.toString(TestEnvironment.SIGN_INS_PER_MINUTE),
                    "rate-limit.per-hour", "1000",
                    "rate-limit.user-per-minute", Integer.toString(TestEnvironment.USER_LIMIT_PER_MINUTE),
                    "http.trusted-proxies", "127.0.0.1/32", // nginx in front of it, in RateLimitsIT
                    "keys.lookups-per-address-per-minute", Integer.toString(TestEnvironment.KEY_LOOKUPS_PER_MINUTE));
        };
    }
}
