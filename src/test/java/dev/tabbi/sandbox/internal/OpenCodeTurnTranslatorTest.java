package dev.tabbi.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.sandbox.AgentReport;
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
        translator = new OpenCodeTurnTranslator(AGENT_SESSION);
    }

    private List<List<AgentReport>> turnsOfTheRecording() throws IOException {
        List<List<AgentReport>> turns = new ArrayList<>();
        List<AgentReport> current = new ArrayList<>();
        for (JsonObject event : recording()) {
            for (AgentReport out : translator.translate(event)) {
                current.add(out);
                if (out instanceof AgentReport.TurnOver) {
                    turns.add(current);
                    current = new ArrayList<>();
                }
            }
        }
        assertThat(current).as("nothing after the turn is over").isEmpty();
        return turns;
    }

    @Test
    void aTurnWithAToolCallBecomesStartedFinishedTextAnswerAndOver() throws IOException {
        List<AgentReport> turn = withoutTokens(turnsOfTheRecording().get(0));

        assertThat(turn).extracting(report -> report.getClass().getSimpleName()).containsExactly(
                "ToolStarted", "ToolFinished", "Text", "Text", "Text", "Text", "Text", "Answer", "TurnOver");
        AgentReport.ToolStarted started = (AgentReport.ToolStarted) turn.get(0);
        assertThat(started.toolName()).isEqualTo("write");
        assertThat(started.toolId()).isEqualTo("call_1");
        assertThat(started.input()).contains("hello.txt");
        assertThat(turn.get(1)).isEqualTo(new AgentReport.ToolFinished("call_1", "write", "Wrote file successfully.", false));
        List<AgentReport.Text> pieces = turn.subList(2, 6).stream().map(AgentReport.Text.class::cast).toList();
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.partial()).isTrue());
        assertThat(pieces.stream().map(AgentReport.Text::content).reduce("", String::concat))
                .isEqualTo("Done: the file is written.");
        assertThat(turn.get(6)).isEqualTo(new AgentReport.Text("Done: the file is written.", false));
        AgentReport.Answer answer = (AgentReport.Answer) turn.get(7);
        assertThat(answer.content()).isEqualTo("Done: the file is written.");
        assertThat(answer.messageId()).isNotBlank();
    }

    @Test
    void aPlainAnswerStreamsThenCompletes() throws IOException {
        List<AgentReport> turn = withoutTokens(turnsOfTheRecording().get(1));

        assertThat(turn).extracting(report -> report.getClass().getSimpleName())
                .containsExactly("Text", "Text", "Text", "Text", "Answer", "TurnOver");
        assertThat(((AgentReport.Answer) turn.get(4)).content()).isEqualTo("I am a scripted model.");
    }

    @Test
    void tokensOfEveryStepAreAddedUpAndReportedAfterEachStep() throws IOException {
        List<List<AgentReport>> turns = turnsOfTheRecording();
        // three model steps of 42 input and 7 output tokens each (two in turn one, one in turn two)
        assertThat(translator.inputTokens()).isEqualTo(126);
        assertThat(translator.outputTokens()).isEqualTo(21);
        assertThat(tokens(turns.get(0)).map(AgentReport.TokensUsed::inputTokens)).containsExactly(42L, 84L);
        assertThat(tokens(turns.get(1)).map(AgentReport.TokensUsed::outputTokens)).containsExactly(21L);
    }

    private static java.util.stream.Stream<AgentReport.TokensUsed> tokens(List<AgentReport> turn) {
        return turn.stream().filter(AgentReport.TokensUsed.class::isInstance).map(AgentReport.TokensUsed.class::cast);
    }

    private static List<AgentReport> withoutTokens(List<AgentReport> turn) {
        return turn.stream().filter(report -> !(report instanceof AgentReport.TokensUsed)).toList();
    }

    @Test
    void otherSessionsAndTheUsersOwnTextAreIgnored() throws IOException {
        OpenCodeTurnTranslator other = new OpenCodeTurnTranslator("ses_someone_else");
        for (JsonObject event : recording()) {
            assertThat(other.translate(event)).isEmpty();
        }
        assertThat(turnsOfTheRecording().get(0)).noneSatisfy(report -> assertThat(report)
                .isEqualTo(new AgentReport.Text("please create hello.txt", false)));
    }

    @Test
    void anIdleBeforeTheAgentWasBusyWithTheTurnEndsNothing() {
        JsonObject idle = Json.createObjectBuilder().add("type", "session.idle")
                .add("properties", Json.createObjectBuilder().add("sessionID", AGENT_SESSION)).build();
        JsonObject busy = Json.createObjectBuilder().add("type", "session.status").add("properties", Json.createObjectBuilder()
                .add("sessionID", AGENT_SESSION).add("status", Json.createObjectBuilder().add("type", "busy"))).build();

        assertThat(translator.translate(idle)).as("idle before the prompt was taken up").isEmpty();
        assertThat(translator.translate(busy)).isEmpty();
        assertThat(translator.translate(idle)).last().isInstanceOf(AgentReport.TurnOver.class);
        assertThat(translator.translate(idle)).as("a second idle, once the turn is over").isEmpty();
    }

    @Test
    void anAgentErrorBecomesAFailure() {
        JsonObject aborted = Json.createObjectBuilder().add("type", "session.error").add("properties",
                Json.createObjectBuilder().add("sessionID", AGENT_SESSION).add("error",
                        Json.createObjectBuilder().add("name", "MessageAbortedError")
                                .add("data", Json.createObjectBuilder().add("message", "Aborted")))).build();

        assertThat(translator.translate(aborted)).containsExactly(new AgentReport.Failed("ABORTED", "Aborted"));
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
