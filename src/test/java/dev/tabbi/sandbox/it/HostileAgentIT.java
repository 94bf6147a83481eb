package dev.tabbi.sandbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.AgentShell;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SignIn;
import dev.tabbi.testsupport.SseFrame;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.WebSession;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tenant-isolation suite, black-box: a user who controls the agent's model (here, the scripted model's
 * "run: COMMAND") has the agent's shell run what they like, and each attack must fail with nothing of the platform
 * in what comes back. Runs against the shared server, whose local sandboxes are fenced in by default.
 */
class HostileAgentIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final String DB_PASSWORD_MARKER = "DB_PASSWORD";
    private static URI server;
    private static String mallory;
    private static String victim;
    private static String session;
    private static String victimSession;

    @BeforeAll
    static void victim() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        mallory = TestKeys.insertKey(db, TestKeys.insertUser(db, "hostile-mallory"), KeyEnvironment.LIVE, null, null);
        victim = TestKeys.insertKey(db, TestKeys.insertUser(db, "hostile-victim"), KeyEnvironment.LIVE, null, null);
        victimSession = create(victim);
        session = create(mallory); // the probes that only look share it; attacks that change the workspace get their own
        SessionPolling.awaitStatus(server, victim, victimSession, "idle");
        SessionPolling.awaitStatus(server, mallory, session, "idle");
        run(victim, victimSession, "echo victim-secret-data > secret.txt");
    }

    @AfterAll
    static void end() {
        Http.send(as(victim, "/v1/sessions/" + victimSession).DELETE());
        Http.send(as(mallory, "/v1/sessions/" + session).DELETE());
    }

    /** A session of the attacker's own for an attack that changes its workspace, ended after it. */
    private static void withFreshSession(java.util.function.Consumer<String> attack) {
        String fresh = create(mallory);
        try {
            SessionPolling.awaitStatus(server, mallory, fresh, "idle");
            attack.accept(fresh);
        } finally {
            Http.send(as(mallory, "/v1/sessions/" + fresh).DELETE());
        }
    }

    @Test
    void theServersAndOtherAgentsEnvironmentsStayOutOfReach() {
        String output = run(mallory, session, "cat /proc/1/environ | tr '\\0' '\\n'; for f in /proc/*/environ; do "
                + "tr '\\0' '\\n' < $f; done; env; id; cat /etc/shadow; ls /proc | grep -c '^[0-9]'");

        assertNoPlatformSecret(output);
        assertThat(output).as("the agent is no host superuser").doesNotContain("uid=0(", "root:*:", "root:$");
    }

    @Test
    void noOtherSandboxNorSnapshotNorServerFileIsVisible() {
        String output = run(mallory, session, "pwd; ls -la / /.. ../.. 2>&1; find / -xdev \\( -name 'sbx_*' -o -name "
                + "'*.tar.gz' -o -name 'payara*' -o -name secret.txt \\) 2>/dev/null | head -20; cat ../*/workspace/secret.txt");

        assertThat(output).contains("/workspace").doesNotContain("sbx_", "victim-secret-data", "payara", "it-server",
                "snapshots");
    }

    @Test
    void loopbackServicesOfTheHostAreUnreachable() {
        int appPort = server.getPort();
        String output = run(mallory, session, "for p in 5432 6379 " + appPort + "; do (echo > /dev/tcp/127.0.0.1/$p) "
                + "2>/dev/null && echo OPEN-$p || echo CLOSED-$p; done; (echo > /dev/tcp/10.0.2.2/" + appPort
                + ") 2>/dev/null && echo OPEN-gw || echo CLOSED-gw");

        assertThat(output).contains("CLOSED-5432", "CLOSED-6379", "CLOSED-" + appPort, "CLOSED-gw").doesNotContain("OPEN-");
    }

    @Test
    void noModelProviderKeyIsInTheSandbox() {
        // the key is spelled in two pieces: the agent logs the command it runs, and its log must not match itself
        String output = run(mallory, session, "env; cat ~/.config/opencode/* /xdg/config/opencode/*.json 2>/dev/null; "
                + "grep -rs 'not-a-real-''key' /home /xdg /tmp /workspace /etc && echo FOUND-''KEY");

        assertThat(output).doesNotContain("not-a-real-key", "FOUND-KEY")
                .as("the agent's model is the gateway, with a token of its own").contains("tbm_");
        assertThat(TestEnvironment.get().model().authorizations()).as("the provider saw only the operator's key")
                .isNotEmpty().allMatch("Bearer not-a-real-key"::equals);
    }

    @Test
    void aHugeWriteIsCutShortAndEveryReadOfItIsBounded() {
        withFreshSession(this::hugeWrite);
    }

    private void hugeWrite(String session) {
        String output = run(mallory, session, "head -c 3000000000 /dev/urandom > big.bin; echo wrote-$?; ls -l big.bin");

        long limit = TestEnvironment.MAX_FILE_MB * 1024L * 1024L;
        assertThat(output).as("the write stopped at the file limit").doesNotContain("wrote-0").contains(Long.toString(limit));
        HttpResponse<String> file = Http.send(as(mallory, "/v1/sessions/" + session + "/files/big.bin"));
        assertThat(file.statusCode()).isEqualTo(413);
        assertThat(Http.json(file).getJsonObject("error").getString("code")).isEqualTo("CONTENT_TOO_LARGE");
        assertThat(Http.send(as(mallory, "/v1/sessions/" + session + "/logs?tail=10000")).statusCode()).isEqualTo(200);

        run(mallory, session, "rm -f big.bin; head -c 20000000 /dev/urandom > mid.bin");
        HttpResponse<String> diff = Http.send(as(mallory, "/v1/sessions/" + session + "/diff"));
        assertThat(diff.statusCode()).isEqualTo(413);
        assertThat(Http.json(diff).getJsonObject("error").getString("code")).isEqualTo("CONTENT_TOO_LARGE");
        assertThat(Http.get(server, "/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void manyFilesWithinOneTurnAreStoppedNearTheDiskQuota() {
        withFreshSession(this::manyFiles);
    }

    private void manyFiles(String session) {
        List<SseFrame> turn = AgentShell.frames(server, mallory, session, "for i in $(seq 1 100); do "
                + "head -c 20000000 /dev/urandom > f$i.bin || break; done; echo finished-all");

        assertThat(turn).filteredOn(frame -> frame.type().equals("message.tool")).as("the writing was stopped")
                .allSatisfy(frame -> assertThat(frame.data().getString("result", "")).doesNotContain("finished-all"));
        assertThat(turn).as("the turn ended for it").anySatisfy(frame -> assertThat(frame.type() + frame.data())
                .contains("error", "WORKSPACE_TOO_LARGE"));
        long written = Http.json(Http.send(as(mallory, "/v1/sessions/" + session + "/files/"))).getJsonArray("files")
                .getValuesAs(jakarta.json.JsonObject.class).stream()
                .mapToLong(file -> file.isNull("size") ? 0 : file.getJsonNumber("size").longValue()).sum();
        assertThat(written / (1024 * 1024)).as("MB written, with a quota of " + TestEnvironment.MAX_DISK_MB + " MB")
                .isLessThan(4L * TestEnvironment.MAX_DISK_MB);
    }

    @Test
    void gitConfigPlantedInTheWorkspaceRunsNothingOnTheHost() {
        withFreshSession(this::plantGitConfig);
    }

    private void plantGitConfig(String session) {
        Path proof = Path.of("/tmp", "tabbi-owned-" + UUID.randomUUID());
        String command = "sh -c 'id > " + proof + "'";
        run(mallory, session, "git config core.fsmonitor \"" + command + "\"; git config diff.external \"" + command
                + "\"; git config core.hooksPath /workspace/hooks; mkdir -p hooks; printf '#!/bin/sh\\n" + command.replace("'", "")
                + "\\n' > hooks/pre-commit; chmod +x hooks/pre-commit; printf '*.txt filter=own\\n' > .gitattributes; "
                + "git config filter.own.clean \"" + command + "\"; echo changed > note.txt");

        HttpResponse<String> diff = Http.send(as(mallory, "/v1/sessions/" + session + "/diff"));

        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(Files.exists(proof)).as("a command planted in .git/config ran on the host").isFalse();
    }

    @Test
    void aPlantedPageIsADownloadThatCannotRunOnTheAppsOrigin() throws Exception {
        WebSession owner = SignIn.withGitHub(server, TestEnvironment.get().gitHub(),
                new FakeGitHub.Account(555120, "hostile-owner", "Page Owner", "owner@example.com"));
        String key;
        try (var connection = TestEnvironment.get().database().connect();
                var user = connection.prepareStatement("SELECT id FROM users WHERE github_id = 555120")) {
            var row = user.executeQuery();
            row.next();
            key = TestKeys.insertKey(TestEnvironment.get().database(), (UUID) row.getObject(1), KeyEnvironment.LIVE, null, null);
        }
        String page = create(key);
        SessionPolling.awaitStatus(server, key, page, "idle");
        run(key, page, "printf '<script>fetch(\"/v1/keys\")</script>' > x.html; ln -sf /etc/hostname link.txt");

        try {
            HttpResponse<String> asOwner = owner.get(server.resolve("/v1/sessions/" + page + "/files/x.html"));
            HttpResponse<String> withKey = Http.send(as(key, "/v1/sessions/" + page + "/files/x.html"));

            for (HttpResponse<String> file : List.of(asOwner, withKey)) {
                assertThat(file.statusCode()).as(file.uri().toString()).isEqualTo(200);
                assertThat(file.body()).contains("<script>");
                assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith("attachment"));
                assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(file.headers().allValues("Content-Security-Policy")).anySatisfy(v -> assertThat(v).contains("sandbox")
                        .contains("default-src 'none'"));
            }
            assertThat(Http.send(as(key, "/v1/sessions/" + page + "/files/link.txt")).statusCode())
                    .as("a link out of the workspace leads nowhere").isEqualTo(404);
        } finally {
            Http.send(as(key, "/v1/sessions/" + page).DELETE());
        }
    }

    @Test
    void noHostPathReachesTheUser() {
        run(mallory, session, "pwd; realpath .");
        Http.send(as(mallory, "/v1/sessions/" + session + "/messages").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"please create hello.txt\"}")));

        String history = Http.send(as(mallory, "/v1/sessions/" + session + "/messages?limit=100")).body();
        String events = Http.streamUntil(as(mallory, "/v1/sessions/" + session + "/events?after=0")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)), Duration.ofSeconds(20), "session.idle", 1);

        for (String seen : List.of(history, events)) {
            assertThat(seen).doesNotContain("sbx_", "/target/", "it-server", "sandboxes/");
        }
    }

    /** What a real secret of the servers under test would look like in an agent's output. */
    private static void assertNoPlatformSecret(String output) {
        assertThat(output).doesNotContain(TestEnvironment.KEYS_PEPPER, TestEnvironment.TOKEN_KEYS.split(":")[1],
                "not-a-real-key", DB_PASSWORD_MARKER, "IDENTITY_", "GITHUB_CLIENT_SECRET",
                TestEnvironment.get().database().password().isEmpty() ? "KEYS_PEPPER" : TestEnvironment.get().database().password());
    }

    private static String create(String key) {
        return Http.json(Http.send(as(key, "/v1/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
    }

    private static String run(String key, String id, String command) {
        return AgentShell.run(server, key, id, command);
    }

    private static HttpRequest.Builder as(String key, String path) {
        return Http.request(server, path).header("Authorization", "Bearer " + key);
    }
}
