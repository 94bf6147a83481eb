package dev.tabbi.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * Where agents run: the local process provider, Daytona, Modal or a remote sandbox service, chosen by
 * configuration. A sandbox can be paused (stopped, with its workspace and the agent's data kept in a snapshot) and
 * resumed from that snapshot with the agent's conversations intact.
 */
public interface SandboxProvider {

    /** Creates a sandbox and returns once its agent answers; throws {@link SandboxException} otherwise. */
    Sandbox create(SandboxSpec spec);

    /**
     * Opens the conversation with the sandbox's agent for one session: a new one when {@code agentSessionId} is
     * null, else the one the agent already knows (after a resume). Keep it for as long as the sandbox runs.
     */
    AgentConnection connect(Sandbox sandbox, String agentSessionId);

    /** Stops the sandbox and keeps what resuming needs; returns the snapshot's reference. */
    String pause(String sandboxId);

    /** Starts a sandbox again from a snapshot of {@link #pause}; returns once its agent answers. */
    Sandbox resume(String snapshot, SandboxSpec spec);

    /** Deletes a snapshot that will not be resumed. Unknown references are ignored. */
    void discardSnapshot(String snapshot);

    /**
     * The directory listing or file at {@code path} (relative; empty or {@code /} is the workspace itself). Empty
     * when nothing is there or when the path leads outside the workspace; {@link ContentTooLarge} when the file is
     * larger than {@code maxBytes}.
     */
    Optional<WorkspaceEntry> workspace(String sandboxId, String path, long maxBytes);

    /**
     * The unified diff of the workspace against how it started; empty if not running; {@link ContentTooLarge} past
     * {@code maxBytes}.
     */
    Optional<String> diff(String sandboxId, long maxBytes);

    /** The size of the workspace in bytes (what the agent wrote counts against the session's limit). */
    long workspaceBytes(String sandboxId);

    /** Whether the sandbox's agent process is still running. */
    boolean isRunning(String sandboxId);

    /** The last {@code tail} lines of the sandbox's agent log, newest last. */
    List<String> logs(String sandboxId, int tail);

    /** Stops the sandbox and everything it started, and removes its files. Unknown ids are ignored. */
    void terminate(String sandboxId);

    /**
     * Whether every node of the app can reach this provider's sandboxes (they run on another platform), so any
     * node can serve any session; false when a sandbox is reachable only from the node that started it.
     */
    default boolean sharedAcrossNodes() {
        return false;
    }

    /**
     * Every sandbox this provider runs for the app, by id, with the session it was made for: the whole platform's for
     * a shared provider. What the sessions backstop compares with the sessions, to end sandboxes none owns.
     */
    default java.util.Map<String, String> sandboxSessions() {
        return java.util.Map.of();
    }

    /** Makes a sandbox another node started known here (for its files and diff); only for shared providers. */
    default void attach(Sandbox sandbox) {
    }
}
