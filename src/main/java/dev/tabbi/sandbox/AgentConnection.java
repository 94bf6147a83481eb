package dev.tabbi.sandbox;

import java.util.function.Consumer;

/**
 * Talking to the agent of one sandbox for one session: start a turn and receive what the agent reports until it is
 * idle again.
 */
public interface AgentConnection {

    /**
     * Sends the user's message and calls {@code reports} for everything the agent reports, on the calling thread,
     * until the turn is over ({@link AgentReport.TurnOver}) or {@code abort} is called. Returns the turn's token counts.
     *
     * @throws SandboxException when the agent cannot be reached or the turn exceeds its time limit
     */
    TurnResult runTurn(String content, String systemPrompt, Consumer<AgentReport> reports);

    /** Stops the running turn (the agent reports it as aborted). */
    default void abort() {
        abort("ABORTED", "The turn was stopped");
    }

    /** Stops the running turn; it ends with a {@link AgentReport.Failed} of this code and message. */
    void abort(String code, String message);

    /** The agent's own id of this conversation, to {@link SandboxProvider#connect reconnect} to it after a resume. */
    String agentSessionId();

    /** Token counts of a finished turn. */
    record TurnResult(long inputTokens, long outputTokens) {
    }
}
