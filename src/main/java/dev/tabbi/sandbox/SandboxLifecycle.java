package dev.tabbi.sandbox;

import java.util.Map;

/**
 * Sandboxes coming and going: created for a session, connected to their agent, checked, ended. One of the three
 * concerns of a {@link SandboxProvider}.
 */
public interface SandboxLifecycle {

    /**
     * Brings the provider up as the app starts: the local provider reaps what a crashed predecessor left (and
     * announces those sandboxes {@link SandboxesLost}).
     */
    default void open() {
    }

    /** Creates a sandbox and returns once its agent answers; throws {@link SandboxException} otherwise. */
    Sandbox create(SandboxSpec spec);

    /**
     * Opens the conversation with the sandbox's agent for one session: a new one when {@code agentSessionId} is
     * null, else the one the agent already knows (after a resume). Keep it for as long as the sandbox runs.
     */
    AgentConnection connect(Sandbox sandbox, String agentSessionId);

    /** Whether the sandbox's agent process is still running. */
    boolean isRunning(String sandboxId);

    /** Stops the sandbox and everything it started, and removes its files. Unknown ids are ignored. */
    void terminate(String sandboxId);

    /**
     * Which provider this is ({@code local}, {@code remote}, {@code daytona}): recorded on each session, so only a
     * node with the same provider judges whether a session's sandbox outlived the node that ran it.
     */
    String providerName();

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
    default Map<String, String> sandboxSessions() {
        return Map.of();
    }

    /** Makes a sandbox another node started known here (for its files and diff); only for shared providers. */
    default void attach(Sandbox sandbox) {
    }
}
