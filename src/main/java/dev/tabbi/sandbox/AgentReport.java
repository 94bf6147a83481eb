package dev.tabbi.sandbox;

/**
 * What an agent reports during a turn, in the sandbox module's own words; the sessions module decides what of it
 * clients see and how.
 */
public sealed interface AgentReport {

    /** Text the agent wrote: a piece of it while it writes ({@code partial}), or a finished part in full. */
    record Text(String content, boolean partial) implements AgentReport {
    }

    /** A tool call started ({@code input} is its arguments as JSON). */
    record ToolStarted(String toolId, String toolName, String input) implements AgentReport {
    }

    /** A tool call ended, with its output or, when it {@code failed}, its error. */
    record ToolFinished(String toolId, String toolName, String result, boolean failed) implements AgentReport {
    }

    /** The turn's whole answer ({@code messageId}: the agent's id of it, if it wrote one). */
    record Answer(String messageId, String content) implements AgentReport {
    }

    /** The turn went wrong or was stopped ({@code code}: {@code ABORTED}, {@code AGENT_ERROR} or the stopper's). */
    record Failed(String code, String message) implements AgentReport {
    }

    /** The tokens the turn used so far, after each of the agent's steps (so budgets can stop a turn going over). */
    record TokensUsed(long inputTokens, long outputTokens) implements AgentReport {
    }

    /** The agent is idle again: the turn is over. */
    record TurnOver() implements AgentReport {
    }
}
