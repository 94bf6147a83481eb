package dev.tabbi.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the integration tests share for one run: a throw-away database, a Redis key prefix, a fake GitHub and one
 * Payara Micro serving the WAR, started on first use and torn down when the test run ends ({@link TestRunLifecycle}).
 */
public final class TestEnvironment {
    /** Secrets of the servers under test; made up for tests, never used anywhere else. */
    public static final String KEYS_PEPPER = "integration-test-pepper-0123456789abcdef";
    public static final String TOKEN_KEYS = "test1:dGVzdC1vbmx5LXRva2VuLWVuY3J5cHRpb24ta2V5ISE=";
    public static final String VIEW_STATE_SECRET = "dGVzdC1vbmx5LXZpZXctc3RhdGUtc2VjcmV0LWtleSE=";

    private static TestEnvironment current;

    private final ThrowAwayDatabase database;
    private final TestRedis redis;
    private final FakeGitHub gitHub;
    private final FakeModel model;
    private final FakeGitServer gitServer;
    private final FakeSandboxService sandboxService;
    private final FakeDaytona daytona;
    private LocalSandboxService sandboxPlatform;
    private PrivateRedis limitsRedis;
    private Cluster cluster;
    private final Map<Profile, PayaraProcess> nodes = new java.util.EnumMap<>(Profile.class);

    private TestEnvironment() {
        this.database = ThrowAwayDatabase.create();
        this.redis = new TestRedis();
        this.gitHub = new FakeGitHub();
        this.model = new FakeModel();
        this.gitServer = new FakeGitServer(Paths.target().resolve("it-git"));
        gitHub.repositories(gitServer);
        this.sandboxService = new FakeSandboxService();
        this.daytona = new FakeDaytona();
    }

    public static synchronized TestEnvironment get() {
        if (current == null) {
            current = new TestEnvironment();
        }
        return current;
    }

    public static synchronized void closeIfStarted() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    public ThrowAwayDatabase database() {
        return database;
    }

    public TestRedis redis() {
        return redis;
    }

    public FakeGitHub gitHub() {
        return gitHub;
    }

    /** The Git server that stands in for GitHub's repositories (owner/repo of a session is cloned from it). */
    public FakeGitServer gitServer() {
        return gitServer;
    }

    /** The remote sandbox service the container tests' server is pointed at. */
    public FakeSandboxService sandboxService() {
        return sandboxService;
    }

    /**
     * Three nodes whose sandboxes come from a sandbox platform every node reaches ({@code SANDBOX_PROVIDER=remote},
     * backed by a {@link LocalSandboxService} of this JVM), behind a load balancer: any node can serve any of their
     * sessions. Started once for the run; a test that crashes a node leaves its work to the others, and the rolling
     * update that follows leaves two new nodes serving.
     */
    public synchronized Cluster cluster() {
        if (cluster == null) {
            sandboxPlatform = new LocalSandboxService(Paths.target().resolve("it-platform-sandboxes"), Path.of(opencode()),
                    new dev.tabbi.sandbox.AgentModel("scripted", "fake-model", model.baseUrl(), "not-a-real-key"));
            Map<String, String> platform = Map.of("sandbox.provider", "remote",
                    "sandbox.remote.url", sandboxPlatform.baseUrl().toString(),
                    "sandbox.remote.api-key", LocalSandboxService.API_KEY,
                    "sessions.orphan-check-seconds", "2",
                    "sessions.max-live-per-user", "10",
                    "sessions.max-stream-seconds", Integer.toString(CLUSTER_STREAM_SECONDS));
            cluster = new Cluster(settings(URI.create("http://127.0.0.1/")).with(platform),
                    Paths.target().resolve(Profile.CLUSTER.directory()));
        }
        return cluster;
    }

    public static final int LIMITS_PER_MINUTE = 5;
    /** All of one user's keys together, on the {@link Profile#LIMITS} node. */
    public static final int USER_LIMIT_PER_MINUTE = 8;
    public static final int CREATES_PER_MINUTE = 2;
    /** The SECOND_NODE's cap on an agent's steps per turn. */
    public static final int SECOND_NODE_MAX_ITERATIONS = 3;
    public static final int SIGN_INS_PER_MINUTE = 3;
    /** Lookups of unknown keys per client address, on the {@link Profile#LIMITS} node. */
    public static final int KEY_LOOKUPS_PER_MINUTE = 30;

    /** The Redis of the {@link Profile#LIMITS} node, which tests may stop and start. */
    public synchronized PrivateRedis limitsRedis() {
        if (limitsRedis == null) {
            limitsRedis = new PrivateRedis();
        }
        return limitsRedis;
    }

    /** The sandbox platform behind {@link #cluster()}. */
    public synchronized LocalSandboxService sandboxPlatform() {
        cluster();
        return sandboxPlatform;
    }

    /** The Daytona API the container tests' server is pointed at. */
    public FakeDaytona daytona() {
        return daytona;
    }

    public FakeModel model() {
        return model;
    }

    /** The OpenCode executable the sandboxes of the servers under test run (installed by .ci/run). */
    public static String opencode() {
        return System.getProperty("it.opencode",
                System.getProperty("user.home") + "/.cache/tabbi/opencode/node_modules/opencode-ai/bin/opencode.exe");
    }

    /** The largest file a local sandbox may write on the servers under test. */
    public static final int MAX_FILE_MB = 64;

    /** What a local sandbox may write in all on the servers under test. */
    public static final int MAX_DISK_MB = 256;

    /** Sessions one user may have running on the servers under test. */
    public static final int MAX_LIVE_PER_USER = 3;
    /** How long the cluster's nodes let one event stream stay open. */
    public static final int CLUSTER_STREAM_SECONDS = 20;
    /** The caps on open event streams of the test servers. */
    public static final int MAX_STREAMS_PER_KEY = 20;
    public static final int MAX_STREAMS_PER_USER = 30;

    /** The node of this profile, started on first call (with the run's database, Redis and fakes) and kept for the run. */
    public synchronized PayaraProcess node(Profile profile) {
        if (profile == Profile.CLUSTER) {
            throw new IllegalArgumentException("the cluster is a Cluster: TestEnvironment.cluster()");
        }
        return nodes.computeIfAbsent(profile, kind -> startNode(kind.directory(), kind.settings(this), PayaraProcess.TEST_JVM));
    }

    public static final int SECOND_NODE_IDLE_SECONDS = 3;
    /** Sandboxes the shared node keeps started for new sessions. */
    public static final int WARM_POOL = 2;

    /**
     * Another node of this run's, configured like the {@link Profile#SHARED} node but for {@code extra} (for a benchmark's
     * comparison, say); closed with the rest.
     */
    /**
     * A node of its own on a database of its own (the caller closes both), its Redis keys apart from the run's,
     * its files under {@code work}: for what must not meet the run's other data (a restore, a connection count).
     */
    public PayaraProcess nodeOn(ThrowAwayDatabase database, Path work, String name) {
        return nodeOn(database, work, name, Map.of());
    }

    /** A node of its own on {@code database}, with {@code extra} settings. */
    public PayaraProcess nodeOn(ThrowAwayDatabase database, Path work, String name, Map<String, String> extra) {
        int port = FreePort.pick();
        ServerSettings base = settings(URI.create("http://127.0.0.1:" + port));
        ServerSettings own = base.with(Map.of(
                "db.url", database.jdbcUrl(),
                "db.user", database.user(),
                "db.password", database.password(),
                "redis.key-prefix", base.get("redis.key-prefix") + name + ":",
                "sandbox.local.root", work.resolve("sandboxes").toString())).with(extra);
        return PayaraProcess.start(port, own, work, work.resolve("payara.log"));
    }

    public synchronized PayaraProcess extraNode(String name, Map<String, String> extra) {
        return extraNode(name, extra, PayaraProcess.TEST_JVM);
    }

    /** As {@link #extraNode(String, Map)}, on a JVM with the given flags (a benchmark's production ones). */
    public synchronized PayaraProcess extraNode(String name, Map<String, String> extra, List<String> jvmFlags) {
        PayaraProcess node = startNode(name, extra, jvmFlags);
        extraNodes.add(node);
        return node;
    }

    private final List<PayaraProcess> extraNodes = new java.util.ArrayList<>();

    private PayaraProcess startNode(String name, Map<String, String> extra, List<String> jvmFlags) {
        Path work = Paths.target().resolve(name);
        int port = FreePort.pick();
        ServerSettings settings = settings(URI.create("http://127.0.0.1:" + port)).with(extra)
                .with("sandbox.local.root", work.resolve("sandboxes").toString()); // a sandbox root per node
        return PayaraProcess.start(port, settings, work, work.resolve("payara.log"), jvmFlags);
    }

    /**
     * What every server of the run is given, the Arquillian-managed one included: the run's database and the
     * servers' secrets (made up for tests).
     */
    public ServerSettings baseSettings() {
        return ServerSettings.of(Map.of(
                "db.url", database.jdbcUrl(),
                "db.user", database.user(),
                "db.password", database.password(),
                "keys.pepper", KEYS_PEPPER,
                "identity.token-encryption-keys", TOKEN_KEYS,
                "dashboard.view-state-secret", VIEW_STATE_SECRET));
    }

    /**
     * The settings of the server Arquillian starts for the container tests ({@code *ContainerIT}): the base, no
     * Redis, and the fake sandbox service and Daytona (the {@code test.*} keys tell the tests where the fakes are).
     */
    public ServerSettings containerSettings() {
        String sandboxes = sandboxService.baseUrl().toString();
        String daytonaApi = daytona.baseUrl().toString();
        return baseSettings().with(Map.of(
                "sandbox.remote.url", sandboxes,
                "sandbox.remote.api-key", FakeSandboxService.API_KEY,
                "sandbox.modal.token-id", FakeSandboxService.MODAL_TOKEN_ID,
                "sandbox.modal.token-secret", FakeSandboxService.MODAL_TOKEN_SECRET,
                "sandbox.remote.timeout-ms", "1000",
                "test.fake-sandbox-service", sandboxes,
                "sandbox.daytona.api-url", daytonaApi,
                "sandbox.daytona.api-key", FakeDaytona.API_KEY,
                "test.fake-daytona", daytonaApi));
    }

    /** The settings of a node of this run at {@code baseUrl}: the base, this run's Redis namespace and fakes. */
    public ServerSettings settings(URI baseUrl) {
        Map<String, String> env = new HashMap<>(gitHub.settings());
        env.putAll(Map.of(
                "redis.url", redis.url(),
                "redis.key-prefix", redis.prefix(),
                "identity.secure-cookies", "false",
                "tabbi.base-url", baseUrl.toString()));
        env.putAll(Map.of(
                "sandbox.local.opencode", opencode(),
                "agent.model.provider", "scripted",
                "agent.model.name", "fake-model",
                "agent.model.base-url", model.baseUrl().toString(),
                "agent.model.api-key", "not-a-real-key",
                "agent.model.choices", "fake-model-large",
                "sessions.max-live-per-user", Integer.toString(MAX_LIVE_PER_USER),
                "sessions.idle-timeout-seconds", "0",
                "sessions.sandbox-check-seconds", "1"));
        // Tests read the health checks' details over loopback. A deployment with local sandboxes must not allow it:
        // their gateway relay reaches the app from there too.
        env.put("health.details-from", "127.0.0.1/32");
        // Every test comes from 127.0.0.1 with keys of its own: their first lookups are no guessing (but on the LIMITS node).
        env.put("keys.lookups-per-address-per-minute", "100000");
        env.put("sessions.max-streams-per-key", Integer.toString(MAX_STREAMS_PER_KEY));
        env.put("sessions.max-streams-per-user", Integer.toString(MAX_STREAMS_PER_USER));
        // Small enough that the hostile-agent tests' attempt to fill the disk stops early.
        env.put("sandbox.local.max-file-mb", Integer.toString(MAX_FILE_MB));
        env.put("sandbox.local.max-disk-mb", Integer.toString(MAX_DISK_MB));
        // Tests poll and retry freely: the limits are far out of their way except on the LIMITS node.
        env.putAll(Map.of(
                "rate-limit.create-per-minute", "100000",
                "rate-limit.messages-per-minute", "100000",
                "rate-limit.files-per-minute", "100000",
                "rate-limit.other-per-minute", "100000",
                "rate-limit.per-hour", "10000000",
                "rate-limit.user-per-minute", "100000",
                "rate-limit.sign-in-per-minute", "100000",
                "rate-limit.model-calls-per-minute", "100000"));
        env.putAll(Map.of(
                "sessions.repo.github-url", gitServer.baseUrl().toString(),
                "sessions.repo.allowed-hosts", "github.com,127.0.0.1",
                "sessions.repo.allow-private-network", "true"));
        // The tests' webhook receivers listen on loopback over http; retries come quickly so a test sees them.
        env.putAll(Map.of(
                "webhooks.allow-private-network", "true",
                "webhooks.retry-base-seconds", "1",
                "webhooks.retry-cap-seconds", "2",
                "webhooks.timeout-seconds", "3",
                "webhooks.lease-seconds", "1")); // so: as short as the timeout allows
        // Off but on the shared node (see Profile): a node would end another's paused sessions, whose snapshots it
        // cannot reach with local sandboxes.
        env.put("workspace-retention-days", "0");
        return baseSettings().with(env);
    }

    private void close() {
        try {
            extraNodes.forEach(PayaraProcess::close);
            if (cluster != null) {
                cluster.close();
            }
            nodes.values().forEach(PayaraProcess::close);
        } finally {
            try {
                gitHub.close();
                gitServer.close();
                sandboxService.close();
                if (sandboxPlatform != null) {
                    sandboxPlatform.close();
                }
                if (limitsRedis != null) {
                    limitsRedis.close();
                }
                daytona.close();
                model.close();
                redis.close();
            } finally {
                database.close();
            }
        }
    }
}
