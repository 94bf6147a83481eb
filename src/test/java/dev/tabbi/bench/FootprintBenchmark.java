package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.AgentShell;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.FreePort;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The benchmark of bench/footprint.sh (not a test): the app from {@code java -jar} until {@code /health/ready}
 * answers 200 and its memory once idle, next to Payara Micro serving an empty WAR with the same JVM flags; then the
 * memory each live local sandbox takes (the agent, its fence and relays), next to OpenCode alone, and what that
 * makes of a node.
 */
public final class FootprintBenchmark {
    /** The image's flags (docker/Dockerfile) with the heap of a 1.5 GB container. */
    private static final List<String> JVM = PayaraProcess.PRODUCTION_JVM;
    private static final int SANDBOXES = 3;
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Paths.target().resolve("bench-footprint"));
        try {
            double[] empty = startAndMeasure(emptyWar(work), work.resolve("empty"), Map.of(), "index.html");
            int port = FreePort.pick();
            URI base = URI.create("http://127.0.0.1:" + port);
            Map<String, String> env = TestEnvironment.get().settings(base)
                    .with("sandbox.local.root", work.resolve("sandboxes").toString()).asEnvironment();
            long begin = System.nanoTime();
            Process app = launch(Paths.war(), work.resolve("app"), port, env);
            List<String> start;
            List<String> held;
            try {
                double ready = awaitAnswer(base.resolve("/health/ready"), app, begin);
                Thread.sleep(SETTLE.toMillis()); // idle after start: what it holds, not what booting took
                double appRss = Memory.rssMb(app.pid());
                double[] perSandbox = sandboxes(base, app);
                double alone = openCodeAloneMb(work);
                double machineMb = Memory.machineMb();
                Memory.stop(app);
                // where the start and the idle memory go, from a second start of the same app, recorded (which
                // slows it down: the figures above come from the first)
                Process profiled = launch(Paths.war(), work.resolve("app-profiled"), port, env, FlightRecording.fromStartFlag(),
                        "-XX:NativeMemoryTracking=summary");
                try {
                    awaitAnswer(base.resolve("/health/ready"), profiled, System.nanoTime());
                    start = FlightRecording.ofStart(profiled.pid(), work.resolve("start.jfr")).stopByPart(PARTS);
                    Thread.sleep(SETTLE.toMillis());
                    held = Memory.nativeSummary(profiled.pid(), 8);
                } finally {
                    Memory.stop(profiled);
                }
                new BenchFigures("footprint")
                        .row("ready from `java -jar` (→ `/health/ready` 200)", ready, empty[0], "ms", "≤ 15 s", ready <= 15_000)
                        .row("idle RSS after start", appRss, empty[1], "MB", "≤ 600 MB", appRss <= 600)
                        .row("memory per live sandbox (PSS, after a turn; baseline: OpenCode alone, RSS)", perSandbox[0], alone,
                                "MB", null, null)
                        .row("… as RSS", perSandbox[1], alone, "MB", null, null)
                        .row("live sandboxes on this machine (RAM − app) / PSS", (machineMb - appRss) / perSandbox[0], 0,
                                "sandboxes", null, null)
                        .note("The baseline of the first two rows is Payara Micro with an empty WAR and the same flags ("
                                + String.join(" ", JVM) + "). A sandbox's memory is the proportional set size (PSS) of "
                                + "all its processes: pages they share (the OpenCode executable, mapped by every agent) "
                                + "count once across sandboxes, which is why PSS is below RSS. What reduces it: pausing "
                                + "idle sessions sooner (`SESSIONS_IDLE_TIMEOUT_SECONDS`) frees all of it; a smaller "
                                + "warm pool holds less.")
                        .note("What the idle app holds, by the JVM's own account (Native Memory Tracking, committed, "
                                + "in the second start):\n\n" + String.join("\n", held))
                        .note("Where the app's start goes (a Java Flight Recording of the second start, from `java -jar` "
                                + "to ready, `target/bench-footprint/start.jfr`; the first start as Payara logged it: "
                                + deployment(work.resolve("app/payara.log")) + "):\n\n" + String.join("\n", start))
                        .publish();
            } finally {
                Memory.stop(app);
            }
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    /** Time until {@code probe} answers 200 (ms), and RSS once idle (MB), of a fresh Payara Micro with {@code war}. */
    private static double[] startAndMeasure(Path war, Path dir, Map<String, String> env, String probe) throws Exception {
        int port = FreePort.pick();
        long begin = System.nanoTime();
        Process process = launch(war, dir, port, env);
        try {
            double ready = awaitAnswer(URI.create("http://127.0.0.1:" + port + "/" + probe), process, begin);
            Thread.sleep(SETTLE.toMillis());
            return new double[] {ready, Memory.rssMb(process.pid())};
        } finally {
            Memory.stop(process);
        }
    }

    private static Process launch(Path war, Path dir, int port, Map<String, String> env, String... flags) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(JVM);
        command.addAll(List.of(flags));
        command.addAll(List.of("-Djava.io.tmpdir=" + dir.toAbsolutePath(), "-jar", Paths.payaraMicroJar().toString(),
                "--nocluster", "--port", Integer.toString(port), "--contextroot", "/", "--deploy", war.toString(),
                "--logproperties", Paths.project().resolve("docker/payara/logging.properties").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("payara.log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Milliseconds from {@code begin} until {@code uri} answers 200. */
    private static double awaitAnswer(URI uri, Process process, long begin) {
        for (int attempt = 0; ; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited; see its payara.log");
            }
            try {
                if (Http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))).statusCode() == 200) {
                    return (System.nanoTime() - begin) / 1e6;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Poll.pause(Math.min(attempt, 2));
        }
    }

    /** PSS and RSS (MB) per live sandbox, each after a turn, with {@link #SANDBOXES} of them on the node. */
    private static double[] sandboxes(URI base, Process app) throws Exception {
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-footprint"), KeyEnvironment.LIVE, null, null);
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < SANDBOXES; i++) {
            sessions.add(Http.json(Http.send(Http.request(base, "/v1/sessions").header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id"));
        }
        for (String session : sessions) {
            SessionPolling.awaitStatus(base, key, session, "idle");
            AgentShell.run(base, key, session, "echo warm > warm.txt");
        }
        Thread.sleep(SETTLE.toMillis());
        double[] memory = Memory.ofDescendants(app.pid());
        return new double[] {memory[0] / SANDBOXES, memory[1] / SANDBOXES};
    }

    /** OpenCode alone, unfenced, started and idle (RSS in MB). */
    private static double openCodeAloneMb(Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("opencode-alone"));
        int port = FreePort.pick();
        ProcessBuilder builder = new ProcessBuilder(TestEnvironment.opencode(), "serve", "--port", Integer.toString(port),
                "--hostname", "127.0.0.1").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir + "/config",
                "XDG_DATA_HOME", dir + "/data", "XDG_CACHE_HOME", dir + "/cache", "XDG_STATE_HOME", dir + "/state",
                "OPENCODE_DISABLE_AUTOUPDATE", "1", "OPENCODE_DISABLE_MODELS_FETCH", "1"));
        Process agent = builder.start();
        try {
            awaitAnswer(URI.create("http://127.0.0.1:" + port + "/global/health"), agent, System.nanoTime());
            Thread.sleep(SETTLE.toMillis());
            return Memory.rssMb(agent.pid());
        } finally {
            Memory.stop(agent);
        }
    }

    /** The parts of a server a start's samples are counted for, by the first of their class prefixes found. */
    private static final java.util.LinkedHashMap<String, String> PARTS = new java.util.LinkedHashMap<>();

    static {
        PARTS.put("dev.tabbi.", "the app's own code");
        PARTS.put("org.flywaydb.", "Flyway (migrations)");
        PARTS.put("org.eclipse.persistence.", "EclipseLink (JPA)");
        PARTS.put("org.jboss.weld.", "Weld (CDI)");
        PARTS.put("org.glassfish.jersey.", "Jersey (JAX-RS, Rest Client)");
        PARTS.put("com.sun.faces.", "Mojarra (JSF)");
        PARTS.put("org.primefaces.", "PrimeFaces");
        PARTS.put("io.smallrye.", "MicroProfile (SmallRye)");
        PARTS.put("fish.payara.", "Payara");
        PARTS.put("com.sun.enterprise.", "Payara");
        PARTS.put("org.glassfish.", "Payara");
        PARTS.put("com.hazelcast.", "Hazelcast (Payara's cluster)");
        PARTS.put("org.hibernate.validator.", "Hibernate Validator");
        PARTS.put("org.jvnet.hk2.", "Payara");
        PARTS.put("org.apache.catalina.", "Payara");
        PARTS.put("org.apache.naming.", "Payara");
        PARTS.put("com.sun.org.apache.", "XML parsing (the server's and the WAR's descriptors)");
        PARTS.put("org.objectweb.asm.", "class scanning (ASM: the WAR's annotations)");
        PARTS.put("com.sun.crypto.", "cryptography (the server's key and trust stores)");
        PARTS.put("javax.crypto.", "cryptography (the server's key and trust stores)");
    }

    /** What Payara logged of the deployment: "deployed in N ms" and "ready in N ms". */
    private static String deployment(Path log) throws IOException {
        String text = Files.readString(log);
        java.util.regex.Matcher deployed = java.util.regex.Pattern.compile("successfully deployed in ([\\d,]+) milli").matcher(text);
        java.util.regex.Matcher ready = java.util.regex.Pattern.compile("ready in ([\\d,]+) \\(ms\\)").matcher(text);
        return (deployed.find() ? "the WAR deployed in " + deployed.group(1) + " ms" : "deployment time not logged")
                + (ready.find() ? ", Payara Micro ready in " + ready.group(1) + " ms" : "");
    }

    /** A WAR with one static page: what Payara Micro alone costs. */
    private static Path emptyWar(Path work) throws IOException {
        Path war = work.resolve("empty.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write("<!doctype html><title>empty</title>".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return war;
    }
}
