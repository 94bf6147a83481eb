package dev.tabbi.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.sandbox.TurnEvent;
import dev.tabbi.testsupport.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a stream recorded from the real OpenCode 1.18.33 with the scripted model (test resource
 * {@code opencode/two-turns.sse}): turn one writes hello.txt with the write tool, turn two only answers.
 */
class OpenCodeTurnTranslatorTest {
    private static final String AGENT_SESSION = "ses_df0d32480ffevlMH8uaM9NbNU1";
    private OpenCodeTurnTranslator translator;

    @BeforeEach
    void newTranslator() {
        translator = new OpenCodeTurnTranslator(AGENT_SESSION, "our-session");
    }

    private List<List<TurnEvent>> turnsOfTheRecording() throws IOException {
        List<List<TurnEvent>> turns = new ArrayList<>();
        List<TurnEvent> current = new ArrayList<>();
        for (JsonObject event : recording()) {
            for (TurnEvent out : translator.translate(event)) {
                current.add(out);
                if (out.type().equals(TurnEvent.IDLE)) {
                    turns.add(current);
                    current = new ArrayList<>();
                }
            }
        }
        assertThat(current).as("nothing after the last idle").isEmpty();
        return turns;
    }

    @Test
    void aTurnWithAToolCallBecomesCallingResultTextCompleteAndIdle() throws IOException {
        List<TurnEvent> turn = forClients(turnsOfTheRecording().get(0));

        assertThat(turn).extracting(TurnEvent::type).containsExactly(
                "message.tool", "message.tool",
                "message.assistant", "message.assistant", "message.assistant", "message.assistant", "message.assistant",
                "message.complete", "session.idle");
        assertThat(turn.get(0).data()).containsEntry("toolName", "write").containsEntry("toolId", "call_1")
                .containsEntry("status", "calling");
        assertThat((String) turn.get(0).data().get("input")).contains("hello.txt");
        assertThat(turn.get(1).data()).containsEntry("status", "result").containsEntry("result", "Wrote file successfully.");
        assertThat(turn.subList(2, 6)).allSatisfy(e -> assertThat(e.data()).containsEntry("isPartial", true));
        String streamed = turn.subList(2, 6).stream().map(e -> (String) e.data().get("content")).reduce("", String::concat);
        assertThat(streamed).isEqualTo("Done: the file is written.");
        assertThat(turn.get(6).data()).containsEntry("content", "Done: the file is written.").containsEntry("isPartial", false);
        assertThat(turn.get(7).data()).containsEntry("content", "Done: the file is written.")
                .containsKey("messageId");
        assertThat(turn.get(8).data()).containsEntry("sessionId", "our-session");
    }

    @Test
    void aPlainAnswerStreamsThenCompletes() throws IOException {
        List<TurnEvent> turn = forClients(turnsOfTheRecording().get(1));

        assertThat(turn).extracting(TurnEvent::type).containsExactly("message.assistant", "message.assistant",
                "message.assistant", "message.assistant", "message.complete", "session.idle");
        assertThat(turn.get(4).data()).containsEntry("content", "I am a scripted model.");
    }

    @Test
    void tokensOfEveryStepAreAddedUpAndReportedAfterEachStep() throws IOException {
        List<List<TurnEvent>> turns = turnsOfTheRecording();
        // three model steps of 42 input and 7 output tokens each (two in turn one, one in turn two)
        assertThat(translator.inputTokens()).isEqualTo(126);
        assertThat(translator.outputTokens()).isEqualTo(21);
        assertThat(turns.get(0).stream().filter(e -> e.type().equals(TurnEvent.USAGE)).map(e -> e.data().get("inputTokens")))
                .containsExactly(42L, 84L);
        assertThat(turns.get(1).stream().filter(e -> e.type().equals(TurnEvent.USAGE)).map(e -> e.data().get("outputTokens")))
                .containsExactly(21L);
    }

    /** What clients see of a turn (the running token counts are for budgets only). */
    private static List<TurnEvent> forClients(List<TurnEvent> turn) {
        return turn.stream().filter(e -> !e.type().equals(TurnEvent.USAGE)).toList();
    }

    @Test
    void otherSessionsAndTheUsersOwnTextAreIgnored() throws IOException {
        OpenCodeTurnTranslator other = new OpenCodeTurnTranslator("ses_someone_else", "x");
        for (JsonObject event : recording()) {
            assertThat(other.translate(event)).isEmpty();
        }
        assertThat(turnsOfTheRecording().get(0)).noneSatisfy(e -> assertThat(e.data().get("content"))
                .isEqualTo("please create hello.txt"));
    }

    @Test
    void anAgentErrorBecomesAnErrorEvent() {
        JsonObject aborted = Json.createObjectBuilder().add("type", "session.error").add("properties",
                Json.createObjectBuilder().add("sessionID", AGENT_SESSION).add("error",
                        Json.createObjectBuilder().add("name", "MessageAbortedError")
                                .add("data", Json.createObjectBuilder().add("message", "Aborted")))).build();

        assertThat(translator.translate(aborted)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("error");
            assertThat(e.data()).containsEntry("code", "ABORTED").containsEntry("message", "Aborted");
        });
    }

    private static List<JsonObject> recording() throws IOException {
        try (InputStream in = OpenCodeTurnTranslatorTest.class.getResourceAsStream("/opencode/two-turns.sse")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("data: "))
                    .map(line -> Http.json(line.substring("data: ".length())))
                    .toList();
        }
    }
}
