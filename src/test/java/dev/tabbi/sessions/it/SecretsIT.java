package dev.tabbi.sessions.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.ApiCaller;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users' secrets: written once through {@code /v1/secrets}, never read back, given to a session's sandbox as
 * environment variables, and never in what the platform shows of the session, even when the agent prints one (in
 * the stream, whole or cut in pieces, the history, the logs, the files and the diff) or in the server's log.
 */
class SecretsIT {
    @TabbiServer
    static PayaraProcess tabbi;

    private static final String VALUE = "npm_Zx81kQ0pLs2vTy9wE4";
    private static URI server;
    private static String sam;
    private static String stranger;

    @BeforeAll
    static void users() throws Exception {
        server = tabbi.baseUri();
        var db = TestEnvironment.get().database();
        sam = TestKeys.insertKey(db, TestKeys.insertUser(db, "secret-sam"), KeyEnvironment.LIVE, null, null);
        stranger = TestKeys.insertKey(db, TestKeys.insertUser(db, "secret-stranger"), KeyEnvironment.LIVE, null, null);
    }

    private static HttpResponse<String> call(String key, String method, String path, String body) {
        return new ApiCaller(server, key).call(method, path, body);
    }

    @Test
    void secretsAreWriteOnlyNamedAndChecked() {
        assertThat(call(sam, "PUT", "/v1/secrets/lower_case", "{\"value\":\"abcdefgh1\"}").statusCode()).isEqualTo(400);
        assertThat(call(sam, "PUT", "/v1/secrets/PATH", "{\"value\":\"abcdefgh1\"}").statusCode()).isEqualTo(400);
        assertThat(call(sam, "PUT", "/v1/secrets/SHORT", "{\"value\":\"abc\"}").statusCode()).isEqualTo(400);
        assertThat(call(sam, "PUT", "/v1/secrets/API_TOKEN", "{\"value\":\"first-value-1\"}").statusCode()).isEqualTo(201);
        assertThat(call(sam, "PUT", "/v1/secrets/API_TOKEN", "{\"value\":\"second-value-2\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> list = call(sam, "GET", "/v1/secrets", null);
        assertThat(list.body()).contains("API_TOKEN").doesNotContain("second-value-2").doesNotContain("first-value-1");
        assertThat(call(stranger, "GET", "/v1/secrets", null).body()).doesNotContain("API_TOKEN");
        assertThat(call(stranger, "DELETE", "/v1/secrets/API_TOKEN", null).statusCode()).isEqualTo(404);
        HttpResponse<String> notTheirs = call(stranger, "POST", "/v1/sessions", "{\"secrets\":[\"API_TOKEN\"]}");
        assertThat(notTheirs.statusCode()).isEqualTo(400);
        assertThat(notTheirs.body()).contains("API_TOKEN is not one of your secrets");
        assertThat(call(sam, "DELETE", "/v1/secrets/API_TOKEN", null).statusCode()).isEqualTo(204);
        assertThat(call(sam, "DELETE", "/v1/secrets/API_TOKEN", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSecretPrintedByTheAgentNeverAppearsInWhatThePlatformShows() throws Exception {
        assertThat(call(sam, "PUT", "/v1/secrets/NPM_TOKEN", "{\"value\":\"" + VALUE + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> created = call(sam, "POST", "/v1/sessions", "{\"secrets\":[\"NPM_TOKEN\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).getString("id");
        try {
            SessionPolling.awaitStatus(server, sam, id, "idle");
            String turn = call(sam, "POST", "/v1/sessions/" + id + "/messages",
                    "{\"content\":\"run: echo ECHO-BACK $NPM_TOKEN; echo $NPM_TOKEN > leak.txt; echo " + VALUE + " >> typed.txt\"}").body();
            assertThat(turn).as("the stream").contains("[REDACTED:NPM_TOKEN]").contains("The command printed");
            assertNoPieceOfTheSecret(turn); // the answer streams in pieces of 8 characters: the secret cut across them
            String events = Http.streamUntil(Http.request(server, "/v1/sessions/" + id + "/events")
                    .header("Authorization", "Bearer " + sam).header("Last-Event-ID", "0"), Duration.ofSeconds(30), "session.idle", 1);
            assertNoPieceOfTheSecret(events);
            assertThat(call(sam, "GET", "/v1/sessions/" + id + "/messages", null).body()).as("the history")
                    .contains("[REDACTED:NPM_TOKEN]").doesNotContain(VALUE);
            assertThat(call(sam, "GET", "/v1/sessions/" + id + "/files/leak.txt", null).body()).as("a file the agent wrote")
                    .isEqualTo("[REDACTED:NPM_TOKEN]\n");
            assertThat(call(sam, "GET", "/v1/sessions/" + id + "/files/typed.txt", null).body()).doesNotContain(VALUE);
            assertThat(call(sam, "GET", "/v1/sessions/" + id + "/diff", null).body()).as("the diff").doesNotContain(VALUE);
            assertThat(call(sam, "GET", "/v1/sessions/" + id + "/logs?tail=10000", null).body()).as("the logs").doesNotContain(VALUE);
            assertThat(call(sam, "GET", "/v1/sessions/" + id, null).body()).doesNotContain(VALUE);
            assertThat(Files.readString(tabbi.log())).as("the server's log").doesNotContain(VALUE);
        } finally {
            call(sam, "DELETE", "/v1/sessions/" + id, null);
        }
    }

    /** Not the value, nor any 6 characters of it in a row. */
    private static void assertNoPieceOfTheSecret(String shown) {
        for (int i = 0; i + 6 <= VALUE.length(); i++) {
            assertThat(shown).as("a piece of the secret").doesNotContain(VALUE.substring(i, i + 6));
        }
    }
}
