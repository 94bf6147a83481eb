package dev.tabbi.usage.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.FakeGitHub;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.SignIn;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.WebSession;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Who pays for a turn: the key that sends it, whoever created the session, and every turn of the user (the
 * dashboard's too) counts against the user's own monthly budget. Budgets are set in the database as the Usage page
 * sets them.
 */
class SpendingKeyBudgetsIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    private final URI server = tabbi.baseUri();

    @Test
    void aKeyOverItsBudgetIsRefusedOnASessionAnotherKeyCreatedAndTheUsersBudgetCoversTheDashboard() throws Exception {
        WebSession browser = SignIn.withGitHub(server, TestEnvironment.get().gitHub(),
                new FakeGitHub.Account(555140, "budget-spender", "Spender", "spender@example.com"));
        UUID user = userWithGitHubId(555140);
        var db = TestEnvironment.get().database();
        String creator = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        String spender = TestKeys.insertKey(db, user, KeyEnvironment.LIVE, null, null);
        String spenderId = Http.json(Http.send(Http.request(server, "/v1/keys/current")
                .header("Authorization", "Bearer " + spender))).getString("id");
        execute("INSERT INTO usage_budgets (key_id, user_id, monthly_tokens) VALUES ('" + spenderId + "', '" + user + "', 1)");
        String id = Http.json(Http.send(Http.request(server, "/v1/sessions").header("Authorization", "Bearer " + creator)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
        try {
            SessionPolling.awaitStatus(server, creator, id, "idle");
            assertThat(turn(spender, id).statusCode()).as("within its budget").isEqualTo(200);

            HttpResponse<String> refused = turn(spender, id);
            assertThat(refused.statusCode()).as("the spender's turn was booked to the spender: " + refused.body()).isEqualTo(402);
            assertThat(Http.json(refused).getJsonObject("error").getString("code")).isEqualTo("BUDGET_EXCEEDED");
            assertThat(turn(creator, id).statusCode()).as("the creator has no budget").isEqualTo(200);

            execute("INSERT INTO usage_user_budgets (user_id, monthly_tokens) VALUES ('" + user + "', 1)");
            assertThat(turn(creator, id).statusCode()).as("the user's month is used up").isEqualTo(402);
            HttpResponse<String> page = browser.get(server.resolve("/sessions/view.xhtml?id=" + id));
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).as(page.body()).isTrue();
            HttpResponse<String> fromDashboard = browser.send(HttpRequest.newBuilder(server.resolve("/v1/sessions/" + id + "/messages"))
                    .header("X-CSRF-Token", csrf.group(1)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hello\"}")));
            assertThat(fromDashboard.statusCode()).as("the dashboard's turns are budgeted: " + fromDashboard.body()).isEqualTo(402);
        } finally {
            Http.send(Http.request(server, "/v1/sessions/" + id).header("Authorization", "Bearer " + creator).DELETE());
        }
    }

    private HttpResponse<String> turn(String key, String sessionId) {
        return Http.send(Http.request(server, "/v1/sessions/" + sessionId + "/messages").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"say hello\"}")));
    }

    private static UUID userWithGitHubId(long githubId) throws Exception {
        try (var connection = TestEnvironment.get().database().connect();
                var user = connection.prepareStatement("SELECT id FROM users WHERE github_id = ?")) {
            user.setLong(1, githubId);
            var row = user.executeQuery();
            row.next();
            return (UUID) row.getObject(1);
        }
    }

    private static void execute(String sql) throws Exception {
        try (var connection = TestEnvironment.get().database().connect(); var statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }
}
