package dev.tabbi.sandbox;

import java.util.List;

/**
 * Where agents run. Implementations: the local process provider (here), and later Daytona, Modal and a remote
 * sandbox service. Pause/resume with snapshots joins this interface with the sessions lifecycle.
 */
public interface SandboxProvider {

    /** Creates a sandbox and returns once its agent answers; throws {@link SandboxException} otherwise. */
    Sandbox create(SandboxSpec spec);

    /**
     * Opens a conversation with the sandbox's agent for one session (an agent-side session is created once per
     * call; keep the connection for the life of the session).
     */
    AgentConnection connect(Sandbox sandbox);

    /**
     * The directory listing or file at {@code path} (relative; empty or {@code /} is the workspace itself). Empty
     * when nothing is there, when the path leads outside the workspace, or when the file is larger than
     * {@code maxBytes}.
     */
    java.util.Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes);

    /** Whether the sandbox's agent process is still running. */
    boolean isRunning(String sandboxId);

    /** The last {@code tail} lines of the sandbox's agent log, newest last. */
    List<String> logs(String sandboxId, int tail);

    /** Stops the sandbox and everything it started, and removes its files. Unknown ids are ignored. */
    void terminate(String sandboxId);
}
