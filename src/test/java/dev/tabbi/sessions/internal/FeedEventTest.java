package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.sandbox.AgentReport;
import dev.tabbi.sessions.EventType;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wire form of feed events, as the public contract (shared/spec/api.md) gives it. */
class FeedEventTest {

    @Test
    void whatTheAgentReportsBecomesTheContractsTurnEvents() {
        assertThat(FeedEvent.of(new AgentReport.Text("he", true)).orElseThrow()).isEqualTo(new FeedEvent(
                EventType.MESSAGE_ASSISTANT, java.util.Map.of("content", "he", "isPartial", true)));
        FeedEvent calling = FeedEvent.of(new AgentReport.ToolStarted("call_1", "write", "{}")).orElseThrow();
        assertThat(calling.type()).isEqualTo(EventType.MESSAGE_TOOL);
        assertThat(calling.data()).containsExactly(java.util.Map.entry("toolName", "write"),
                java.util.Map.entry("toolId", "call_1"), java.util.Map.entry("status", "calling"),
                java.util.Map.entry("input", "{}"));
        assertThat(FeedEvent.of(new AgentReport.ToolFinished("call_1", "write", "no", true)).orElseThrow().data())
                .containsEntry("status", "result").containsEntry("result", "no").containsEntry("isError", true);
        assertThat(FeedEvent.of(new AgentReport.ToolFinished("call_1", "write", "ok", false)).orElseThrow().data())
                .doesNotContainKey("isError");
        assertThat(FeedEvent.of(new AgentReport.Answer(null, "done")).orElseThrow().data())
                .containsOnlyKeys("content");
        assertThat(FeedEvent.of(new AgentReport.Failed("ABORTED", "stopped")).orElseThrow())
                .isEqualTo(FeedEvent.turnFailed("ABORTED", "stopped"));
        assertThat(FeedEvent.turnFailed("ABORTED", "stopped").type().wireName()).isEqualTo("error");
    }

    @Test
    void tokenCountsAndTheAgentGoingIdleAreNotForClients() {
        assertThat(FeedEvent.of(new AgentReport.TokensUsed(1, 2))).isEmpty();
        assertThat(FeedEvent.of(new AgentReport.TurnOver())).isEmpty();
    }

    @Test
    void aTurnStreamEndsIdleOrFailedAndTheFeedOnlyWhenTheSessionEnds() {
        assertThat(Arrays.stream(EventType.values()).filter(EventType::endsTurn)).containsExactlyInAnyOrder(
                EventType.SESSION_IDLE, EventType.SESSION_ERROR, EventType.SESSION_TERMINATED);
        assertThat(Arrays.stream(EventType.values()).filter(EventType::endsCreation)).containsExactlyInAnyOrder(
                EventType.SESSION_READY, EventType.SESSION_ERROR, EventType.SESSION_TERMINATED);
        assertThat(Arrays.stream(EventType.values()).filter(EventType::endsSession))
                .containsExactly(EventType.SESSION_TERMINATED);
        UUID id = UUID.randomUUID();
        assertThat(FeedEvent.ready(id).data()).containsEntry("id", id.toString()).containsEntry("status", "idle");
        assertThat(EventType.ofWireName("session.idle")).contains(EventType.SESSION_IDLE);
        assertThat(EventType.ofWireName("turn.usage")).isEmpty();
    }
}
