package dev.tabbi.sandbox;

import java.util.List;

/**
 * What the operator lets every session's agent do, whatever the session's own agent settings say: shell commands
 * allowed (none listed: all but the denied) and denied, as OpenCode permission patterns ({@code git *}); at most
 * {@code maxIterations} steps (model calls) per turn, 0 for no cap; and how long a turn may run.
 */
public record AgentGuardRails(List<String> allowedBashCommands, List<String> deniedBashCommands, int maxIterations,
        long turnTimeoutSeconds) {

    public static final AgentGuardRails NONE = new AgentGuardRails(List.of(), List.of(), 0, 0);

    public AgentGuardRails {
        allowedBashCommands = List.copyOf(allowedBashCommands);
        deniedBashCommands = List.copyOf(deniedBashCommands);
    }

    /** Whether some shell commands are refused. */
    public boolean restrictsShell() {
        return !allowedBashCommands.isEmpty() || !deniedBashCommands.isEmpty();
    }
}
