package dev.tabbi.devserver;

import dev.tabbi.testsupport.FakeModel;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Paths;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The README's run command ({@code mvn -Prun}): Tabbi on Payara Micro with everything it needs and nothing
 * installed. Without {@code DB_URL} it starts an embedded PostgreSQL whose data survives restarts (under
 * {@code target/dev/}; {@code mvn clean} resets it); without {@code REDIS_URL} the app uses its in-process
 * substitutes. Without a model key it serves the scripted demo model ({@link DevModel}); it installs OpenCode if
 * missing ({@link DevOpenCode}). Ctrl-C stops Payara and PostgreSQL before it returns.
 *
 * <p>Lives in the test sources so none of it ships in the WAR.
 */
public final class DevServer {
    private static final int DEFAULT_PORT = 8080;
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private DevServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path workDir = Path.of(System.getProperty("tabbi.workdir", Paths.target().resolve("dev").toString()));
        int port = Integer.parseInt(setting("TABBI_PORT").orElse(Integer.toString(DEFAULT_PORT)));
        Map<String, String> env = new HashMap<>();
        for (String name : new String[] {"DB_URL", "DB_USER", "DB_PASSWORD", "REDIS_URL", "REDIS_KEY_PREFIX"}) {
            setting(name).ifPresent(value -> env.put(name, value));
        }
        EmbeddedPostgres postgres = null;
        if (setting("DB_URL").isEmpty()) {
            say("starting embedded PostgreSQL (data in " + workDir.resolve("pgdata") + ")");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(workDir.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .start();
            env.put("DB_URL", postgres.getJdbcUrl("postgres", "postgres"));
            env.put("DB_USER", "postgres");
        } else {
            say("using the database at DB_URL");
        }
        // Development-only secrets and switches, unless the developer set their own: a fixed pepper and token key
        // (so keys and stored tokens survive restarts), the development sign-in, cookies over plain http, health
        // details for this machine.
        defaultSetting(env, "KEYS_PEPPER", "development-only-pepper-never-use-in-production");
        defaultSetting(env, "IDENTITY_TOKEN_ENCRYPTION_KEYS", "dev:ZGV2ZWxvcG1lbnQtb25seS10b2tlbi1rZXktMzJieXQ=");
        defaultSetting(env, "IDENTITY_DEV_SIGN_IN", "true");
        defaultSetting(env, "DASHBOARD_VIEW_STATE_SECRET", "ZGV2ZWxvcG1lbnQtb25seS12aWV3LXN0YXRlLWtleSE=");
        defaultSetting(env, "IDENTITY_SECURE_COOKIES", "false");
        defaultSetting(env, "HEALTH_DETAILS_FROM", "127.0.0.1,::1"); // the developer's own machine reads the details
        defaultSetting(env, "TABBI_BASE_URL", "http://localhost:" + port);
        if (setting("REDIS_URL").isEmpty()) {
            say("REDIS_URL not set: single node with in-process locks, limits and event fan-out");
        }
        Optional<FakeModel> demoModel = DevModel.configure(env, DevServer::setting);
        DevOpenCode.ensure(setting("SANDBOX_LOCAL_OPENCODE"));
        DevIsolation.configure(env, DevServer::setting);
        setting("SANDBOX_LOCAL_OPENCODE").ifPresent(value -> env.put("SANDBOX_LOCAL_OPENCODE", value));
        EmbeddedPostgres database = postgres;
        PayaraProcess[] server = new PayaraProcess[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(server[0], database);
            demoModel.ifPresent(FakeModel::close);
        }, "tabbi-dev-shutdown"));

        say("starting Tabbi on Payara Micro (first start takes about 20 s)");
        server[0] = PayaraProcess.launch(port, env, workDir.resolve("payara"), null);
        server[0].awaitReady();
        say("Tabbi is running at http://localhost:" + port + "/  (press Ctrl-C to stop)");
        int exit = server[0].waitFor();
        if (!STOPPING.get()) { // Payara died on its own: say so and fail, the shutdown hook cleans up
            say("Payara Micro exited unexpectedly with status " + exit);
            System.exit(1);
        }
    }

    private static void stop(PayaraProcess server, EmbeddedPostgres postgres) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        say("stopping");
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("[tabbi-dev] embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        say("stopped");
    }

    private static void defaultSetting(Map<String, String> env, String name, String value) {
        env.put(name, setting(name).orElse(value));
    }

    /** An environment variable, or the system property of the same name (handy from Maven: -DDB_URL=…). */
    private static Optional<String> setting(String name) {
        String value = Optional.ofNullable(System.getenv(name)).orElse(System.getProperty(name));
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static void say(String message) {
        System.out.println("[tabbi-dev] " + message);
    }
}
