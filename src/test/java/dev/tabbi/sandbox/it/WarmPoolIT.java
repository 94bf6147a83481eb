package dev.tabbi.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.AgentShell;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Poll;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warm pool, black-box on the shared node (which keeps {@value TestEnvironment#WARM_POOL} sandboxes ready): a
 * session gets a sandbox started before it existed, and that sandbox carries nothing of anyone (a fresh workspace,
 * password and model token), is never given to a second session, and the pool never holds more than its size.
 */
class WarmPoolIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Pattern PASSWORD = Pattern.compile("PW=(\\S+)");
    private static final Pattern LISTING = Pattern.compile("LS=([^\n]*)");
    private static final Pattern TOKEN = Pattern.compile("tbm_[A-Za-z0-9_-]+");
    /** What the agent shows of itself: where it is, what is there, its API password, its model token, its user. */
    private static final String LOOK = "pwd; echo LS=$(ls -A | tr '\\n' ' '); echo PW=$OPENCODE_SERVER_PASSWORD; "
            + "echo \"$OPENCODE_CONFIG_CONTENT\" | grep -o 'tbm_[A-Za-z0-9_-]*'; id -u; cat ~/.bash_history 2>&1; "
            + "ls -A ~ /tmp; find / -xdev -name 'mark-*' 2>/dev/null";

    private static URI server;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void users() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        alice = TestKeys.insertKey(db, TestKeys.insertUser(db, "pool-alice"), KeyEnvironment.LIVE, null, null);
        bob = TestKeys.insertKey(db, TestKeys.insertUser(db, "pool-bob"), KeyEnvironment.LIVE, null, null);
        TestEnvironment.get().gitServer().repository("pool/hello", java.util.Map.of("README.md", "# Hello\n"), null);
    }

    @Test
    void aPooledSandboxCarriesNothingOfAnyoneAndServesOneSessionOnly() throws Exception {
        awaitPoolFull();
        String first = create(alice);
        SessionPolling.awaitStatus(server, alice, first, "idle");
        String seenByAlice = AgentShell.run(server, alice, first, LOOK + "; echo alice-was-here > mark-alice.txt; "
                + "echo alice-was-here > ~/mark-home; echo alice-was-here > /tmp/mark-tmp");
        String aliceSandbox = sandboxOf(first);
        assertStartedBefore(aliceSandbox, first);
        delete(alice, first);

        awaitPoolFull();
        String second = create(bob);
        SessionPolling.awaitStatus(server, bob, second, "idle");
        String seenByBob = AgentShell.run(server, bob, second, LOOK);
        String bobSandbox = sandboxOf(second);
        assertStartedBefore(bobSandbox, second);

        assertThat(bobSandbox).as("a pooled sandbox serves one session, ever").isNotEqualTo(aliceSandbox);
        for (String seen : new String[] {seenByAlice, seenByBob}) {
            assertThat(seen).as("a fresh workspace: the empty repository and nothing else").contains("/workspace")
                    .doesNotContain("alice-was-here", "mark-");
            assertThat(value(LISTING, seen).strip()).as(seen).isEqualTo(".git");
        }
        assertThat(value(PASSWORD, seenByBob)).as("a fresh password").isNotEqualTo(value(PASSWORD, seenByAlice));
        String aliceToken = value(TOKEN, seenByAlice);
        assertThat(value(TOKEN, seenByBob)).as("a fresh model token").isNotEqualTo(aliceToken);
        assertThat(modelCall(aliceToken)).as("the ended session's token calls no model").isEqualTo(401);
        delete(bob, second);
    }

    @Test
    void theSessionGetsItsRepositoryClonedAfterItIsGivenThePooledSandbox() throws Exception {
        awaitPoolFull();
        String session = Http.json(Http.send(as(alice, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repo\":\"pool/hello\"}")))).getString("id");
        try {
            SessionPolling.awaitStatus(server, alice, session, "idle");
            assertStartedBefore(sandboxOf(session), session);
            assertThat(AgentShell.run(server, alice, session, "ls -A; git log --oneline | wc -l")).contains("README.md");
        } finally {
            delete(alice, session);
        }
    }

    /** Waits for the pool to be full, checking each time that it never holds more than its size. */
    private static void awaitPoolFull() {
        Instant deadline = Instant.now().plusSeconds(120);
        for (int attempt = 0; ; attempt++) {
            JsonObject pool = poolCheck();
            int ready = pool.getInt("ready");
            assertThat(pool.getInt("size")).isEqualTo(TestEnvironment.WARM_POOL);
            assertThat(ready).as("never more than the pool's size").isLessThanOrEqualTo(TestEnvironment.WARM_POOL);
            if (ready == TestEnvironment.WARM_POOL) {
                return;
            }
            assertThat(Instant.now()).as("the pool filled within 120 s").isBefore(deadline);
            Poll.pause(attempt);
        }
    }

    private static JsonObject poolCheck() {
        return Http.json(Http.get(server, "/health/ready")).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("sandbox-pool")).findFirst().orElseThrow()
                .getJsonObject("data");
    }

    /** The sandbox's model token was issued before the session existed: the sandbox came from the pool. */
    private static void assertStartedBefore(String sandboxId, String session) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
                PreparedStatement query = db.prepareStatement("SELECT t.created_at, s.created_at FROM sandbox_model_tokens t, "
                        + "sessions s WHERE t.sandbox_id = ? AND s.id = ?::uuid")) {
            query.setString(1, sandboxId);
            query.setString(2, session);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("the sandbox's token").isTrue();
                Timestamp tokenIssued = row.getTimestamp(1);
                assertThat(tokenIssued).as("started before its session was created").isBefore(row.getTimestamp(2));
            }
        }
    }

    private static String sandboxOf(String session) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
                PreparedStatement query = db.prepareStatement("SELECT sandbox_id FROM sessions WHERE id = ?::uuid")) {
            query.setString(1, session);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static int modelCall(String token) {
        return Http.send(Http.request(server, "/gateway/v1/chat/completions").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake-model\",\"messages\":[]}"))).statusCode();
    }

    private static String value(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
    }

    private static String create(String key) {
        return Http.json(Http.send(as(key, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
    }

    private static void delete(String key, String session) {
        assertThat(Http.send(as(key, "/v1/sessions/" + session).DELETE()).statusCode()).isEqualTo(200);
    }

    private static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }
}
