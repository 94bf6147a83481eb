package dev.tabbi.sessions.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.internal.SessionCursor;
import java.nio.charset.StandardCharsets;

/**
 * {@code Last-Event-ID} / {@code ?after=} and the session list's {@code ?cursor=}, as a client sends them: an event
 * id of 0 or more or a 400, a cursor this server made or none; never anything else.
 */
class EventCursorsFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void lastEventIdIsAnEventIdOrA400(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        try {
            assertThat(EventsResource.cursor(value)).isNotNegative();
        } catch (Refusal refused) {
            assertThat(refused.code()).isEqualTo("VALIDATION_ERROR");
        }
    }

    @FuzzTest(maxDuration = "10m")
    void aSessionCursorIsOneThisServerMadeOrNone(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        SessionCursor.decode(token).ifPresent(cursor ->
                assertThat(SessionCursor.decode(cursor.encode())).contains(cursor));
    }
}
