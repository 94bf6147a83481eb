package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Cluster;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.SessionFollower;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.WebhookReceiver;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes behind HAProxy (round robin, no affinity) with a sandbox platform: a rolling restart of all three
 * under live streams and turns loses and repeats nothing, a node killed mid-turn has its turn reclaimed by another,
 * and a Redis outage leaves every node ready and serving. (Twenty dashboard sign-ins through the balancer are
 * {@code ClusterDashboardIT}'s.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    /** Lease + reclaim check + a node's HTTP timeouts: what "within the configured reclaim time" allows here. */
    private static final Duration RECLAIM_LIMIT = Duration.ofSeconds(Cluster.LEASE_SECONDS + 1 + 10);

    private static final java.net.http.HttpClient STREAMING = java.net.http.HttpClient.newHttpClient();
    @TabbiServer(Profile.CLUSTER)
    static Cluster cluster;
    private static URI balancer;
    private static String key;
    /** Receives the webhooks of the kill test's session (the user's only endpoint, added by that test). */
    private static final WebhookReceiver receiver = new WebhookReceiver();

    @BeforeAll
    static void cluster() throws Exception {
        balancer = cluster.baseUri();
        var db = TestEnvironment.get().database();
        key = TestKeys.insertKey(db, TestKeys.insertUser(db, "cluster-ops"), KeyEnvironment.LIVE, null, null);
    }

    @AfterAll
    static void closeReceiver() {
        receiver.close();
    }

    private static HttpRequest.Builder api(String path) {
        return Http.request(balancer, path).header("Authorization", "Bearer " + key);
    }

    private static String newIdleSession() {
        String id = newSession();
        SessionPolling.awaitStatus(balancer, key, id, "idle");
        return id;
    }

    private static String newSession() {
        HttpResponse<String> created = Http.send(api("/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).getString("id");
    }

    private static HttpRequest.Builder message(String id, String content) {
        return message(balancer, id, content);
    }

    private static HttpRequest.Builder message(URI node, String id, String content) {
        return Http.request(node, "/v1/sessions/" + id + "/messages").header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"" + content + "\"}"));
    }

    @Test
    @Order(1)
    void aRollingRestartUnderLiveStreamsAndTurnsLosesAndRepeatsNothing() throws Exception {
        cluster.prepareReplacements(); // they start while the sessions and their followers are set up
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(newSession()); // their sandboxes start side by side
        }
        sessions.forEach(id -> SessionPolling.awaitStatus(balancer, key, id, "idle"));
        List<SessionFollower> followers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            followers.add(new SessionFollower(balancer, key, sessions.get(i % sessions.size())));
        }
        TurnSender sender = new TurnSender(sessions);
        Thread sending = new Thread(sender, "turn-sender");
        sending.start();
        try {
            // each of the three old nodes drained in the balancer, then SIGTERM: it drains turns and streams; turns go
            // on meanwhile
            cluster.rollingUpdate(() -> assertThat(sender.awaitOneMore(Duration.ofSeconds(60)))
                    .as("a turn completed after a node was stopped").isTrue());
        } finally {
            sender.stop();
            sending.join(Duration.ofSeconds(150).toMillis());
        }
        for (String id : sessions) {
            assertThat(SessionPolling.awaitStatus(balancer, key, id, "idle").getString("status")).as("not stuck").isEqualTo("idle");
            Http.send(api("/v1/sessions/" + id).DELETE());
        }
        for (SessionFollower follower : followers) {
            assertThat(follower.awaitEnd(Duration.ofSeconds(60))).as("followed to the end").isTrue();
            List<Long> ids = follower.ids();
            assertThat(ids).as("every event once, in order, none missing")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, ids.get(ids.size() - 1)).boxed().toList());
            assertThat(follower.types()).doesNotContain("stream.resync");
        }
        assertThat(followers.stream().mapToInt(SessionFollower::connections).sum())
                .as("streams were handed over to other nodes").isGreaterThan(followers.size());
        assertThat(TestEnvironment.get().sandboxPlatform().running()).containsExactlyInAnyOrderElementsOf(liveSandboxes());
    }

    @Test
    @Order(2)
    void aNodeKilledMidTurnAndMidDeliveryHasItsTurnReclaimedAndItsWebhookSentByAnother() throws Exception {
        HttpResponse<String> hook = Http.send(api("/v1/webhooks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + receiver.url("/cluster")
                        + "\",\"events\":[\"session.ready\",\"session.idle\"]}")));
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
        receiver.secret(Http.json(hook).getString("secret"));
        receiver.hangNext(); // the session.ready delivery: held until its node is dead
        String id = newIdleSession();
        assertThat(receiver.awaitHanging(Duration.ofSeconds(30))).as("the session.ready delivery reached the receiver").isTrue();
        String deliverer = leaseHolder(receiver.hungId());
        // Found here, not in the thread below: a failure to find it must fail the test with its reason, not leave
        // the thread dead and the test waiting for an answer that was never asked for.
        URI delivering = nodeWithId(deliverer).baseUri();
        CompletableFuture<Void> answering = new CompletableFuture<>();
        Thread client = new Thread(() -> { // the turn goes to the node that holds the delivery, so one kill stops both
            try (Stream<String> lines = STREAMING.send(message(delivering, id,
                    "slowly explain what you are doing").build(),
                    HttpResponse.BodyHandlers.ofLines()).body()) {
                lines.filter(line -> line.contains("message.assistant")).findFirst().ifPresent(line -> answering.complete(null));
            } catch (Exception e) {
                // the node serving this stream died, as intended
            }
            answering.complete(null);
        });
        client.start();
        answering.get(60, TimeUnit.SECONDS); // acknowledged, and the agent is answering
        assertThat(awaitOwner(id)).isEqualTo(deliverer);
        cluster.crash(nodeWithId(deliverer)); // the rest of the run has two nodes
        Instant killedAt = Instant.now();

        JsonObject idle = SessionPolling.awaitStatus(balancer, key, id, "idle");
        Duration reclaimedIn = Duration.between(killedAt, Instant.now());
        assertThat(reclaimedIn).as("reclaimed within the lease and the check interval").isLessThan(RECLAIM_LIMIT);
        assertThat(idle.getString("status")).isEqualTo("idle");
        client.join();

        List<SseFrame> events = SseFrame.parse(Http.streamUntil(api("/v1/sessions/" + id + "/events")
                .header("Last-Event-ID", "0"), Duration.ofSeconds(30), "session.idle", 1));
        SseFrame lost = events.stream().filter(e -> e.type().equals("error")).findFirst().orElseThrow();
        assertThat(lost.data().getString("code")).isEqualTo("NODE_LOST");
        assertThat(events.get(events.size() - 1).type()).as("then the session is idle again").isEqualTo("session.idle");

        JsonObject history = Http.json(Http.send(api("/v1/sessions/" + id + "/messages")));
        assertThat(history.getJsonArray("messages").getJsonObject(0).getString("content"))
                .as("the acknowledged message is in the history").isEqualTo("slowly explain what you are doing");

        List<SseFrame> next = SseFrame.parse(Http.send(message(id, "what did I ask first?")).body());
        assertThat(next.stream().map(SseFrame::type)).as("another node runs the next turn").endsWith("message.complete", "session.idle");
        assertThat(TestEnvironment.get().sandboxPlatform().running()).as("no orphan: exactly the live sessions' sandboxes")
                .containsExactlyInAnyOrderElementsOf(liveSandboxes());

        // the node that reclaimed the turn lets go of the dead node's deliveries; another node sends the held one,
        // then what waited behind it
        var got = receiver.await(all -> all.size() >= 3, Duration.ofSeconds(30));
        assertThat(got).extracting(WebhookReceiver.Delivery::type).containsExactly("session.ready", "session.idle", "session.idle");
        assertThat(got.get(0).id()).isEqualTo(receiver.hungId());
        assertThat(receiver.requests()).allMatch(WebhookReceiver.Delivery::verified);
        assertThat(attemptsOf(receiver.hungId())).as("one attempt recorded, by another node: the killed one recorded none")
                .hasSize(1).doesNotContain(deliverer);
        Http.send(api("/v1/sessions/" + id).DELETE());
    }

    /** The node that holds a webhook message's lease. */
    private static String leaseHolder(String messageId) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT leased_by FROM webhook_messages WHERE id = ?")) {
            query.setString(1, messageId);
            ResultSet row = query.executeQuery();
            assertThat(row.next()).as("message " + messageId).isTrue();
            return row.getString(1);
        }
    }

    /** The nodes that recorded an attempt of a webhook message. */
    private static List<String> attemptsOf(String messageId) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT a.node FROM webhook_attempts a JOIN webhook_messages m "
                     + "ON m.seq = a.message_seq WHERE m.id = ?")) {
            query.setString(1, messageId);
            ResultSet rows = query.executeQuery();
            List<String> nodes = new java.util.ArrayList<>();
            while (rows.next()) {
                nodes.add(rows.getString(1));
            }
            return nodes;
        }
    }

    /**
     * The run's other nodes (local sandboxes) share this database: none of them may judge a platform session's
     * lapsed lease, whose sandbox they do not know (once, one took a live platform sandbox for lost). A lapsed start of
     * this cluster's provider is failed by a cluster node; one of a provider no node here has stays as it is.
     */
    @Test
    @Order(3)
    void onlyANodeOfTheSessionsOwnProviderJudgesItsLapsedLease() throws Exception {
        UUID ours = lapsedStart("remote");
        UUID foreign = lapsedStart("daytona");
        JsonObject failed = SessionPolling.awaitStatus(balancer, key, ours.toString(), "error");
        assertThat(failed.getString("error")).contains("stopped before it was ready");
        assertThat(Http.json(Http.send(api("/v1/sessions/" + foreign))).getString("status"))
                .as("no node of another provider judged it").isEqualTo("starting");
        try (var db = TestEnvironment.get().database().connect();
                var end = db.prepareStatement("UPDATE sessions SET status = 'terminated' WHERE id = ?")) {
            end.setObject(1, foreign);
            end.executeUpdate();
        }
    }

    /** A session of this test's user left 'starting' by a node that died a minute ago, of sandbox provider {@code provider}. */
    private static UUID lapsedStart(String provider) throws Exception {
        UUID id = UUID.randomUUID();
        try (var db = TestEnvironment.get().database().connect();
                var insert = db.prepareStatement("INSERT INTO sessions (id, user_id, status, created_at, updated_at, "
                        + "last_activity_at, owner_node, lease_expires_at, sandbox_provider) SELECT ?, id, 'starting', "
                        + "now(), now(), now(), 'a-node-that-died', now() - interval '1 minute', ? FROM users WHERE login = 'cluster-ops' LIMIT 1")) {
            insert.setObject(1, id);
            insert.setString(2, provider);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    @Test
    @Order(4)
    void withRedisDownNodesStayReadyReadsAndTurnsGoOnAndCreationWaits() throws Exception {
        cluster.nodes().forEach(Cluster.Node::awaitReady);
        String id = newIdleSession();
        // Followed meanwhile: the stream ends after its lifetime (STREAM_SECONDS on these nodes), asking to come back.
        CompletableFuture<HttpResponse<String>> lifetime = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .sendAsync(api("/v1/sessions/" + id + "/events").header("Last-Event-ID", "0").timeout(Duration.ofSeconds(120))
                        .build(), HttpResponse.BodyHandlers.ofString());
        cluster.redis().stop();
        try {
            Instant until = Instant.now().plusSeconds(30);
            int turns = 0;
            while (Instant.now().isBefore(until)) {
                for (Cluster.Node node : cluster.nodes()) {
                    HttpResponse<String> ready = Http.get(node.baseUri(), "/health/ready");
                    assertThat(ready.statusCode()).as(node.name() + " stays ready: " + ready.body()).isEqualTo(200);
                    assertThat(HealthIT.check(Http.json(ready), "redis").getJsonObject("data").getString("mode"))
                            .startsWith("degraded");
                }
                assertThat(Http.send(api("/v1/sessions/" + id)).statusCode()).isEqualTo(200);
                List<SseFrame> turn = SseFrame.parse(Http.send(message(id, "hello while redis is down")).body());
                assertThat(turn.stream().map(SseFrame::type)).endsWith("message.complete", "session.idle");
                turns++;
                HttpResponse<String> create = Http.send(api("/v1/sessions").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));
                assertThat(create.statusCode()).as(create.body()).isEqualTo(503);
                assertThat(create.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(turns).isGreaterThan(1);
            // pause, resume and delete take a cluster-wide lock: without Redis they wait, said so, never a 500
            HttpResponse<String> pause = Http.send(api("/v1/sessions/" + id + "/pause").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(pause.statusCode()).as(pause.body()).isEqualTo(503);
            assertThat(pause.headers().firstValue("Retry-After")).isPresent();
        } finally {
            cluster.redis().start();
        }
        String body = lifetime.get(60, TimeUnit.SECONDS).body();
        assertThat(body).as("the stream says how soon to come back, then ends at its lifetime")
                .startsWith("id: 1\nretry: 3000\n").contains(": the stream reached its lifetime");
        String after = newIdleSession();
        Http.send(api("/v1/sessions/" + after).DELETE());
        Http.send(api("/v1/sessions/" + id).DELETE());
    }

    /** Sends short turns to the sessions in turn until stopped, as a client would: a refusal is retried. */
    private static final class TurnSender implements Runnable {
        private final List<String> sessions;
        private volatile boolean stopped;
        private int completed;

        TurnSender(List<String> sessions) {
            this.sessions = sessions;
        }

        @Override
        public void run() {
            for (int i = 0; !stopped; i++) {
                String id = sessions.get(i % sessions.size());
                try {
                    HttpResponse<String> response = Http.send(message(id, "hello number " + i));
                    if (response.statusCode() == 200 && response.body().contains("session.idle")) {
                        synchronized (this) {
                            completed++;
                            notifyAll();
                        }
                    }
                } catch (RuntimeException e) {
                    // a node went away under the request: the client tries the next one
                }
            }
        }

        void stop() {
            stopped = true;
        }

        /** Waits until one more turn than now has completed; false when none does within the limit. */
        synchronized boolean awaitOneMore(Duration limit) {
            int target = completed + 1;
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                while (completed < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static String awaitOwner(String sessionId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        for (int attempt = 0; Instant.now().isBefore(deadline); attempt++) {
            try (Connection db = TestEnvironment.get().database().connect();
                 PreparedStatement query = db.prepareStatement("SELECT owner_node FROM sessions WHERE id = CAST(? AS uuid) "
                         + "AND status = 'running'")) {
                query.setString(1, sessionId);
                ResultSet row = query.executeQuery();
                if (row.next() && row.getString(1) != null) {
                    return row.getString(1);
                }
            }
            Poll.pause(attempt);
        }
        throw new AssertionError("the turn never started");
    }

    private static Cluster.Node nodeWithId(String nodeId) {
        for (Cluster.Node node : cluster.nodes()) {
            JsonObject ready = Http.json(Http.get(node.baseUri(), "/health/ready"));
            if (nodeId.equals(HealthIT.check(ready, "node").getJsonObject("data").getString("id"))) {
                return node;
            }
        }
        throw new AssertionError("no node is " + nodeId);
    }

    /** The sandboxes of live sessions on the platform (those of other tests' local sandboxes have no agent URL). */
    private static Set<String> liveSandboxes() throws Exception {
        Set<String> live = new HashSet<>();
        try (Connection db = TestEnvironment.get().database().connect();
             ResultSet rows = db.createStatement().executeQuery("SELECT sandbox_id FROM sessions "
                     + "WHERE status IN ('idle', 'running') AND agent_url IS NOT NULL")) {
            while (rows.next()) {
                live.add(rows.getString(1));
            }
        }
        return live;
    }
}
