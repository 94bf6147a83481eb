package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandboxes this node runs, by session, with the open conversation with each one's agent. A session whose
 * sandbox runs on another node is not here; its turns, files and logs are served by that node.
 */
@ApplicationScoped
public class LiveSandboxes {

    /** A running sandbox and the conversation with its agent. */
    public record Live(Sandbox sandbox, AgentConnection agent) {
    }

    private final Map<UUID, Live> live = new ConcurrentHashMap<>();

    public Optional<Live> get(UUID sessionId) {
        return Optional.ofNullable(live.get(sessionId));
    }

    void put(UUID sessionId, Live sandbox) {
        live.put(sessionId, sandbox);
    }

    Optional<Live> remove(UUID sessionId) {
        return Optional.ofNullable(live.remove(sessionId));
    }

    Set<UUID> sessionIds() {
        return Set.copyOf(live.keySet());
    }
}
