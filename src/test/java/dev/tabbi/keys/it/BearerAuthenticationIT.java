package dev.tabbi.keys.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Authorization: Bearer <key>} on /v1: which keys get in, and that every refusal looks the same. */
class BearerAuthenticationIT {
    /** The shared node. */
    @TabbiServer
    static PayaraProcess tabbi;

    /** Right length and alphabet, wrong checksum (split so it never looks like a real key). */
    private static final String FAKE_BODY = "aaaaaaaaaaaaaaaa" + "aaaaaaaaaaaaaaaa";
    private static URI server;
    private static UUID alice;
    private static String aliceLive;
    private static String aliceTest;
    private static String revoked;
    private static String expired;
    private static String expiring;
    private static String bobs;

    @BeforeAll
    static void keys() throws Exception {
        server = tabbi.baseUri();
        ThrowAwayDatabase db = TestEnvironment.get().database();
        alice = TestKeys.insertUser(db, "alice");
        UUID bob = TestKeys.insertUser(db, "bob");
        Instant now = Instant.now();
        aliceLive = TestKeys.insertKey(db, alice, KeyEnvironment.LIVE, null, null);
        aliceTest = TestKeys.insertKey(db, alice, KeyEnvironment.TEST, null, null);
        revoked = TestKeys.insertKey(db, alice, KeyEnvironment.LIVE, null, now.minusSeconds(5));
        expired = TestKeys.insertKey(db, alice, KeyEnvironment.LIVE, now.minusSeconds(5), null);
        expiring = TestKeys.insertKey(db, alice, KeyEnvironment.LIVE, now.plus(Duration.ofHours(1)), null);
        bobs = TestKeys.insertKey(db, bob, KeyEnvironment.LIVE, null, null);
    }

    private static HttpResponse<String> currentKey(String authorization) {
        var request = Http.request(server, "/v1/keys/current");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request);
    }

    @Test
    void aValidKeyIdentifiesItsOwnerAndEnvironment() {
        HttpResponse<String> response = currentKey("Bearer " + aliceLive);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject key = Http.json(response);
        assertThat(key.getString("environment")).isEqualTo("live");
        assertThat(key.getString("prefix")).isEqualTo(aliceLive.substring(0, 12));
        assertThat(response.body()).doesNotContain(aliceLive.substring(12));

        assertThat(Http.json(currentKey("Bearer " + aliceTest)).getString("environment")).isEqualTo("test");
        assertThat(Http.json(currentKey("bearer " + expiring)).getString("expiresAt")).isNotBlank();
        assertThat(Http.json(currentKey("Bearer " + bobs)).getString("id"))
                .isNotEqualTo(Http.json(response).getString("id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic dXNlcjpwYXNz", "Bearer", "Bearer tb_live_tooShort",
        "Bearer tb_live_" + FAKE_BODY, "Token tb_live_" + FAKE_BODY})
    void missingOrMalformedCredentialsAre401(String authorization) {
        assertInvalidKey(currentKey(authorization.isEmpty() ? null : authorization));
    }

    @Test
    void wellFormedButUnknownKeysAre401() {
        assertInvalidKey(currentKey("Bearer " + dev.tabbi.keys.internal.ApiKeyFormat.generate(KeyEnvironment.LIVE)));
    }

    @Test
    void revokedAndExpiredKeysAre401() {
        assertInvalidKey(currentKey("Bearer " + revoked));
        assertInvalidKey(currentKey("Bearer " + expired));
    }

    @Test
    void aKeyWithAFlippedCharacterIsRefusedLikeAnyOther() {
        char last = aliceLive.charAt(aliceLive.length() - 1);
        String typo = aliceLive.substring(0, aliceLive.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertInvalidKey(currentKey("Bearer " + typo));
    }

    @Test
    void unknownRoutesAre404WithOrWithoutAKey() {
        assertThat(Http.get(server, "/v1/nothing-here").statusCode()).isEqualTo(404);
        assertThat(Http.send(Http.request(server, "/v1/nothing-here").header("Authorization", "Bearer " + aliceLive))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void useIsRecordedAsLastUsed() throws Exception {
        currentKey("Bearer " + aliceLive);
        Instant deadline = Instant.now().plusSeconds(10);
        try (var db = TestEnvironment.get().database().connect();
             var query = db.prepareStatement("SELECT count(*) FROM api_keys WHERE user_id = ? AND last_used_at IS NOT NULL")) {
            query.setObject(1, alice);
            long used = 0;
            for (int attempt = 0; used == 0 && Instant.now().isBefore(deadline); attempt++) {
                if (attempt > 0) {
                    dev.tabbi.testsupport.Poll.pause(attempt);
                }
                var rows = query.executeQuery();
                rows.next();
                used = rows.getLong(1);
            }
            assertThat(used).as("last_used_at written in the background").isPositive();
        }
    }

    private static void assertInvalidKey(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonObject error = Http.json(response).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("INVALID_API_KEY");
        assertThat(error.getString("requestId")).isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
    }
}
