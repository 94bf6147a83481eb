package dev.tabbi.sessions.internal;

import dev.tabbi.identity.Secrets;
import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxLifecycle;
import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The sandboxes this node talks to, by session, with the open conversation with each one's agent. With a provider
 * whose sandboxes every node can reach, a session's agent address and credentials (encrypted) are in its row, so
 * any node can take it up: an entry is (re)built from the row whenever the row names a newer sandbox than the
 * entry (resumed through another node, say). Otherwise a session's sandbox is known to the node that started it.
 */
@ApplicationScoped
public class LiveSandboxes {
    private static final Logger LOG = Logger.getLogger(LiveSandboxes.class.getName());

    /** A running sandbox, the conversation with its agent, and since when it runs (which start of it this is). */
    public record Live(Sandbox sandbox, AgentConnection agent, Instant startedAt) {
    }

    @Inject
    SessionStore store;

    @Inject
    SandboxLifecycle sandboxes;

    @Inject
    Secrets secrets;

    private final Map<UUID, Live> live = new ConcurrentHashMap<>();

    /** How many sandboxes this node holds. */
    public int count() {
        return live.size();
    }

    public Optional<Live> get(UUID sessionId) {
        Live cached = live.get(sessionId);
        if (!sandboxes.sharedAcrossNodes()) {
            return Optional.ofNullable(cached);
        }
        SessionEntity session = store.find(sessionId).orElse(null);
        if (session == null || session.agentUrl() == null
                || (session.status() != SessionStatus.IDLE && session.status() != SessionStatus.RUNNING)) {
            return Optional.ofNullable(cached);
        }
        if (cached != null && Objects.equals(cached.startedAt(), session.sandboxStartedAt())) {
            return Optional.of(cached);
        }
        return reattach(session);
    }

    /** The sealed form of what reaching the sandbox's agent takes, for the session's row. */
    String sealCredentials(UUID sessionId, Sandbox sandbox) {
        JsonObjectBuilder headers = Json.createObjectBuilder();
        sandbox.agentHeaders().forEach(headers::add);
        String credentials = Json.createObjectBuilder().add("id", sandbox.id()).add("user", sandbox.agentUser())
                .add("password", sandbox.agentPassword()).add("headers", headers).build().toString();
        return secrets.seal(credentials, context(sessionId));
    }

    private Optional<Live> reattach(SessionEntity session) {
        UUID sessionId = session.id();
        Optional<String> opened = secrets.open(session.agentCredentials(), context(sessionId));
        if (opened.isEmpty()) {
            LOG.warning("sessions.agent_credentials_unreadable session_id=" + sessionId);
            return Optional.empty();
        }
        JsonObject credentials = Json.createReader(new StringReader(opened.get())).readObject();
        Map<String, String> headers = credentials.getJsonObject("headers").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((JsonString) e.getValue()).getString()));
        Sandbox sandbox = new Sandbox(credentials.getString("id"), sessionId.toString(), URI.create(session.agentUrl()),
                credentials.getString("user"), credentials.getString("password"), headers);
        try {
            sandboxes.attach(sandbox);
            Live entry = new Live(sandbox, sandboxes.connect(sandbox, session.agentSessionId()), session.sandboxStartedAt());
            live.put(sessionId, entry);
            LOG.info("sessions.sandbox_attached session_id=" + sessionId + " sandbox_id=" + sandbox.id());
            return Optional.of(entry);
        } catch (SandboxException e) {
            LOG.warning("sessions.sandbox_unreachable session_id=" + sessionId + " error=\"" + e.getMessage() + "\"");
            return Optional.empty();
        }
    }

    private static String context(UUID sessionId) {
        return "sandbox-agent:" + sessionId;
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
