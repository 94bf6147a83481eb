package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;

/**
 * A local sandbox while it runs: its agent process, the relays to it, its directory and the host user it runs as;
 * {@code openedAgentSession} is the agent's conversation opened while the sandbox was pooled (null: none), for the
 * first connection to it.
 */
record RunningLocalSandbox(Sandbox sandbox, Process process, List<Process> relays, Path dir, int uid, String openedAgentSession) {

    RunningLocalSandbox withOpenedAgentSession(String id) {
        return new RunningLocalSandbox(sandbox, process, relays, dir, uid, id);
    }
}
