package dev.tabbi.bench;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.BenchFigures;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

/**
 * The benchmark of bench/streams.sh (not a test): 5,000 idle event streams held by one node (heap after a
 * full collection, threads, resident memory and database writes a second, each next to the same node before the
 * streams), then one event fanned out to 1,000 followers of a session, next to one follower.
 */
public final class StreamsBenchmark {
    private static final int STREAMS = Integer.getInteger("bench.streams", 5_000);
    private static final int FAN_OUT = Integer.getInteger("bench.fan-out", 1_000);
    private static final int IDLE_SECONDS = Integer.getInteger("bench.idle-seconds", 30);

    private StreamsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (Followers followers = new Followers()) {
            PayaraProcess node = TestEnvironment.get().extraNode("bench-streams", Map.of(
                    "sessions.max-streams-per-user", "100000", "sessions.max-streams-per-key", "100000",
                    "rate-limit.other-per-minute", "100000000", "rate-limit.per-hour", "1000000000",
                    "rate-limit.user-per-minute", "100000000"), PayaraProcess.PRODUCTION_JVM);
            URI server = node.baseUri();
            var db = TestEnvironment.get().database();
            String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "bench-streams"), KeyEnvironment.LIVE, null, null);
            String crowded = idleSession(server, key);
            String single = idleSession(server, key);
            long pid = node.handle().pid();

            double[] before = NodeGauges.read(pid, db, IDLE_SECONDS);
            followers.open(server, key, crowded, STREAMS);
            System.out.printf("%,d of %,d streams open%n", followers.opened(), STREAMS);
            double[] held = NodeGauges.read(pid, db, IDLE_SECONDS);

            List<Double> fanOut = followers.fanOut(server, key, crowded, FAN_OUT);
            FlightRecording recording = FlightRecording.start(pid, Paths.target().resolve("bench-streams.jfr"));
            followers.fanOut(server, key, crowded, FAN_OUT); // a turn of its own for the profile: recording slows it
            List<String> profile = recording.stop(10);
            int opened = followers.opened();
            followers.closeAll();
            followers.open(server, key, single, 1);
            List<Double> alone = followers.fanOut(server, key, single, 1);
            for (int i = 0; i < 4; i++) { // a few more single-follower samples for a steadier baseline
                alone.addAll(followers.fanOut(server, key, single, 1));
            }

            double heapPerStreamKb = (held[0] - before[0]) * 1024 / STREAMS;
            new BenchFigures("streams")
                    .row(String.format("heap after a full GC, %,d idle streams (baseline: none)", STREAMS), held[0], before[0], "MB",
                            "≤ 1 GB", held[0] <= 1024)
                    .row("… per stream", heapPerStreamKb, 0, "KB", null, null)
                    .row("threads of the node", held[1], before[1], "threads", "no thread per stream", held[1] - before[1] < STREAMS / 10.0)
                    .row("resident memory of the node", held[2], before[2], "MB", null, null)
                    .row("database row updates a second while the streams idle", held[3], before[3], "/s", null, null)
                    .row(String.format("streams that opened, of %,d", STREAMS), opened, 0, "streams", null, null)
                    .row(String.format("one event to %,d followers, p50 (baseline: one follower)", FAN_OUT),
                            BenchFigures.median(fanOut), BenchFigures.median(alone), "ms", null, null)
                    .row("… p99", BenchFigures.percentile(fanOut, 0.99), BenchFigures.percentile(alone, 0.99), "ms",
                            "≤ 100 ms", BenchFigures.percentile(fanOut, 0.99) <= 100)
                    .note("The latency of an event is from its `timestamp` (set as it is published) to its arrival at "
                            + "the follower, on the same machine's clock. Followers are one JVM's non-blocking HTTP "
                            + "clients on the same cores as the node.")
                    .note("Where the node's CPU goes during one more turn fanned out to the followers (a Java Flight "
                            + "Recording of the node, `target/bench-streams.jfr`):\n\n" + String.join("\n", profile))
                    .publish();
        } finally {
            TestEnvironment.closeIfStarted();
        }
    }

    private static String idleSession(URI server, String key) {
        String id = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        SessionPolling.awaitStatus(server, key, id, "idle");
        return id;
    }

    /** What a node holds, from outside: heap after a full collection (MB), threads, RSS (MB), row updates a second. */
    private static final class NodeGauges {
        static double[] read(long pid, dev.tabbi.testsupport.ThrowAwayDatabase db, int seconds) throws Exception {
            long updatesBefore = sessionUpdates(db);
            Thread.sleep(seconds * 1000L);
            double updatesPerSecond = (sessionUpdates(db) - updatesBefore) / (double) seconds;
            Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor();
            Process heap = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String info = new String(heap.getInputStream().readAllBytes());
            heap.waitFor();
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            double heapMb = used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
            String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/status"));
            java.util.regex.Matcher threads = java.util.regex.Pattern.compile("Threads:\\s+(\\d+)").matcher(status);
            return new double[] {heapMb, threads.find() ? Double.parseDouble(threads.group(1)) : Double.NaN,
                    Memory.rssMb(pid), updatesPerSecond};
        }

        /** Row updates of the sessions table so far (PostgreSQL's statistics, flushed within a second). */
        private static long sessionUpdates(dev.tabbi.testsupport.ThrowAwayDatabase db) throws Exception {
            Thread.sleep(1_100);
            try (Connection connection = db.connect(); ResultSet row = connection.createStatement().executeQuery(
                    "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'sessions'")) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }
}
