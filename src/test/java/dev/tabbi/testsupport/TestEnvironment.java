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
    private PayaraProcess limitsNode;
    private Cluster cluster;
    private PayaraProcess server;
    private PayaraProcess secondNode;

    private TestEnvironment() {
        this.database = ThrowAwayDatabase.create();
        this.redis = new TestRedis();
        this.gitHub = new FakeGitHub();
        this.model = new FakeModel();
        this.gitServer = new FakeGitServer(Paths.target().resolve("it-git"));
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
            Map<String, String> platform = Map.of("SANDBOX_PROVIDER", "remote",
                    "SANDBOX_REMOTE_URL", sandboxPlatform.baseUrl().toString(),
                    "SANDBOX_REMOTE_API_KEY", LocalSandboxService.API_KEY,
                    "SESSIONS_ORPHAN_CHECK_SECONDS", "2",
                    "SESSIONS_MAX_LIVE_PER_USER", "10",
                    "SESSIONS_MAX_STREAM_SECONDS", Integer.toString(CLUSTER_STREAM_SECONDS));
            cluster = new Cluster(appEnvironment(URI.create("http://127.0.0.1/")), platform, Paths.target().resolve("it-cluster"));
        }
        return cluster;
    }

    /** Two nodes of {@link #cluster()}, each addressed directly. */
    public synchronized List<PayaraProcess> platformNodes() {
        return List.of(cluster().node(1).process(), cluster().node(2).process());
    }

    /**
     * A node with low rate limits ({@value #LIMITS_PER_MINUTE} requests a minute, {@value #CREATES_PER_MINUTE}
     * creations, {@value #SIGN_INS_PER_MINUTE} sign-in page views per address) and a Redis of its own that tests
     * may stop and start ({@link #limitsRedis()}).
     */
    public synchronized PayaraProcess limitsNode() {
        if (limitsNode == null) {
            limitsRedis = new PrivateRedis();
            Map<String, String> limits = new HashMap<>(Map.of(
                    "REDIS_URL", limitsRedis.url(),
                    "RATE_LIMIT_OTHER_PER_MINUTE", Integer.toString(LIMITS_PER_MINUTE),
                    "RATE_LIMIT_CREATE_PER_MINUTE", Integer.toString(CREATES_PER_MINUTE),
                    "RATE_LIMIT_SIGN_IN_PER_MINUTE", Integer.toString(SIGN_INS_PER_MINUTE),
                    "RATE_LIMIT_PER_HOUR", "1000",
                    "RATE_LIMIT_USER_PER_MINUTE", Integer.toString(USER_LIMIT_PER_MINUTE),
                    "HTTP_TRUSTED_PROXIES", "127.0.0.1/32", // nginx in front of it, in RateLimitsIT
                    "KEYS_LOOKUPS_PER_ADDRESS_PER_MINUTE", Integer.toString(KEY_LOOKUPS_PER_MINUTE)));
            limitsNode = startNode("it-limits", limits);
        }
        return limitsNode;
    }

    public static final int LIMITS_PER_MINUTE = 5;
    /** All of one user's keys together, on {@link #limitsNode()}. */
    public static final int USER_LIMIT_PER_MINUTE = 8;
    public static final int CREATES_PER_MINUTE = 2;
    public static final int SIGN_INS_PER_MINUTE = 3;
    /** Lookups of unknown keys per client address, on {@link #limitsNode()}. */
    public static final int KEY_LOOKUPS_PER_MINUTE = 30;

    /** The Redis of {@link #limitsNode()}. */
    public synchronized PrivateRedis limitsRedis() {
        limitsNode();
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

    /** The shared Tabbi server (with the run's database, Redis and fake GitHub), started on first call. */
    public synchronized PayaraProcess server() {
        if (server == null) {
            server = startNode("it-server");
        }
        return server;
    }

    /**
     * A second node sharing database and Redis with {@link #server()}, for what must work across nodes. Unlike the
     * first, it pauses a session after {@value #SECOND_NODE_IDLE_SECONDS} s idle, for the auto-pause tests.
     */
    public synchronized PayaraProcess secondNode() {
        if (secondNode == null) {
            secondNode = startNode("it-server-2", Map.of("SESSIONS_IDLE_TIMEOUT_SECONDS", Integer.toString(SECOND_NODE_IDLE_SECONDS),
                    "SESSIONS_SANDBOX_CHECK_SECONDS", "1"));
        }
        return secondNode;
    }

    public static final int SECOND_NODE_IDLE_SECONDS = 3;

    private PayaraProcess startNode(String name) {
        return startNode(name, Map.of());
    }

    /**
     * Another node of this run's, configured like {@link #server()} but for {@code extra} (for a benchmark's
     * comparison, say); closed with the rest.
     */
    public synchronized PayaraProcess extraNode(String name, Map<String, String> extra) {
        PayaraProcess node = startNode(name, extra);
        extraNodes.add(node);
        return node;
    }

    private final List<PayaraProcess> extraNodes = new java.util.ArrayList<>();

    private PayaraProcess startNode(String name, Map<String, String> extra) {
        Path work = Paths.target().resolve(name);
        int port = FreePort.pick();
        Map<String, String> env = new HashMap<>(appEnvironment(URI.create("http://127.0.0.1:" + port)));
        env.putAll(extra);
        env.put("SANDBOX_LOCAL_ROOT", work.resolve("sandboxes").toString()); // a sandbox root per node
        return PayaraProcess.start(port, env, work, work.resolve("payara.log"));
    }

    /** The configuration a Tabbi under test gets: this run's database, Redis namespace and fake GitHub. */
    public Map<String, String> appEnvironment(URI baseUrl) {
        Map<String, String> env = new HashMap<>(gitHub.appEnvironment());
        env.putAll(Map.of(
                "DB_URL", database.jdbcUrl(),
                "DB_USER", database.user(),
                "DB_PASSWORD", database.password(),
                "REDIS_URL", redis.url(),
                "REDIS_KEY_PREFIX", redis.prefix(),
                "KEYS_PEPPER", KEYS_PEPPER,
                "IDENTITY_TOKEN_ENCRYPTION_KEYS", TOKEN_KEYS,
                "IDENTITY_SECURE_COOKIES", "false",
                "DASHBOARD_VIEW_STATE_SECRET", VIEW_STATE_SECRET,
                "TABBI_BASE_URL", baseUrl.toString()));
        env.putAll(Map.of(
                "SANDBOX_LOCAL_OPENCODE", opencode(),
                "AGENT_MODEL_PROVIDER", "scripted",
                "AGENT_MODEL_NAME", "fake-model",
                "AGENT_MODEL_BASE_URL", model.baseUrl().toString(),
                "AGENT_MODEL_API_KEY", "not-a-real-key",
                "AGENT_MODEL_CHOICES", "fake-model-large",
                "SESSIONS_MAX_LIVE_PER_USER", Integer.toString(MAX_LIVE_PER_USER),
                "SESSIONS_IDLE_TIMEOUT_SECONDS", "0",
                "SESSIONS_SANDBOX_CHECK_SECONDS", "1"));
        // Tests read the health checks' details over loopback. A deployment with local sandboxes must not allow it:
        // their gateway relay reaches the app from there too.
        env.put("HEALTH_DETAILS_FROM", "127.0.0.1/32");
        // Every test comes from 127.0.0.1 with keys of its own: their first lookups are no guessing (but on limitsNode).
        env.put("KEYS_LOOKUPS_PER_ADDRESS_PER_MINUTE", "100000");
        env.put("SESSIONS_MAX_STREAMS_PER_KEY", Integer.toString(MAX_STREAMS_PER_KEY));
        env.put("SESSIONS_MAX_STREAMS_PER_USER", Integer.toString(MAX_STREAMS_PER_USER));
        // Small enough that the hostile-agent tests' attempt to fill the disk stops early.
        env.put("SANDBOX_LOCAL_MAX_FILE_MB", Integer.toString(MAX_FILE_MB));
        env.put("SANDBOX_LOCAL_MAX_DISK_MB", Integer.toString(MAX_DISK_MB));
        // Tests poll and retry freely: the limits are far out of their way except on limitsNode().
        env.putAll(Map.of(
                "RATE_LIMIT_CREATE_PER_MINUTE", "100000",
                "RATE_LIMIT_MESSAGES_PER_MINUTE", "100000",
                "RATE_LIMIT_FILES_PER_MINUTE", "100000",
                "RATE_LIMIT_OTHER_PER_MINUTE", "100000",
                "RATE_LIMIT_PER_HOUR", "10000000",
                "RATE_LIMIT_USER_PER_MINUTE", "100000",
                "RATE_LIMIT_SIGN_IN_PER_MINUTE", "100000",
                "RATE_LIMIT_MODEL_CALLS_PER_MINUTE", "100000"));
        env.putAll(Map.of(
                "SESSIONS_REPO_GITHUB_URL", gitServer.baseUrl().toString(),
                "SESSIONS_REPO_ALLOWED_HOSTS", "github.com,127.0.0.1",
                "SESSIONS_REPO_ALLOW_PRIVATE_NETWORK", "true"));
        return env;
    }

    private void close() {
        try {
            extraNodes.forEach(PayaraProcess::close);
            if (cluster != null) {
                cluster.close();
            }
            for (PayaraProcess node : new PayaraProcess[] {limitsNode, secondNode, server}) {
                if (node != null) {
                    node.close();
                }
            }
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
