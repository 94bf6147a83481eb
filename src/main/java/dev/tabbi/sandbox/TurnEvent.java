package dev.tabbi.sandbox;

import java.util.Map;

/**
 * One event of a turn in the public contract's vocabulary ({@code message.assistant}, {@code message.tool},
 * {@code message.complete}, {@code session.idle}, {@code error}), made from what the agent reported.
 */
public record TurnEvent(String type, Map<String, Object> data) {
    public static final String ASSISTANT = "message.assistant";
    public static final String TOOL = "message.tool";
    public static final String COMPLETE = "message.complete";
    public static final String IDLE = "session.idle";
    public static final String ERROR = "error";
    /**
     * Not for clients: the tokens the turn used so far ({@code inputTokens}, {@code outputTokens}), after each of the
     * agent's steps, so budgets can stop a turn that goes over.
     */
    public static final String USAGE = "turn.usage";

    public TurnEvent {
        data = Map.copyOf(data);
    }
}
