package dev.tabbi.sessions.internal;

import dev.tabbi.platform.ApiException;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sessions.SessionEnded;
import dev.tabbi.sessions.SessionStarted;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Creating and ending sessions. Creation answers at once with a {@code starting} session and brings the sandbox
 * up in the background; the session becomes {@code idle} when its agent answers, or {@code error} with a reason.
 * Running sandboxes are known to this node only (the local provider is single-node).
 */
@ApplicationScoped
public class SessionLifecycle {
    private static final Logger LOG = Logger.getLogger(SessionLifecycle.class.getName());

    @Inject
    SessionStore store;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    Event<SessionStarted> started;

    @Inject
    Event<SessionEnded> ended;

    @Resource
    ManagedExecutorService executor;

    private final Map<UUID, Sandbox> running = new ConcurrentHashMap<>();

    public SessionView create(UUID userId, UUID keyId, String systemPrompt) {
        SessionEntity session = store.insert(userId, keyId, systemPrompt);
        started.fire(new SessionStarted(session.id(), userId, keyId));
        executor.execute(() -> startSandbox(session.id()));
        return session.view();
    }

    public SessionView get(UUID userId, UUID sessionId) {
        return owned(userId, sessionId).view();
    }

    /** A page of the user's sessions; {@code limit + 1} are read to know whether another page follows. */
    public Page list(UUID userId, SessionStatus status, SessionCursor after, int limit) {
        List<SessionEntity> rows = store.page(userId, status, after == null ? null : after.createdAt(),
                after == null ? null : after.id(), limit + 1);
        boolean more = rows.size() > limit;
        List<SessionView> sessions = rows.stream().limit(limit).map(SessionEntity::view).toList();
        SessionView last = sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
        return new Page(sessions, more && last != null ? new SessionCursor(last.createdAt(), last.id()) : null);
    }

    public record Page(List<SessionView> sessions, SessionCursor next) {
    }

    /** The last lines of the session's sandbox log (empty once it has ended, or when it runs on another node). */
    public List<String> logs(UUID userId, UUID sessionId, int tail) {
        owned(userId, sessionId);
        Sandbox sandbox = running.get(sessionId);
        return sandbox == null ? List.of() : sandboxes.logs(sandbox.id(), tail);
    }

    private SessionEntity owned(UUID userId, UUID sessionId) {
        return store.findOwned(userId, sessionId).orElseThrow(SessionLifecycle::notFound);
    }

    /** Ends the session and removes its sandbox; ending an ended session changes nothing. */
    public void terminate(UUID userId, UUID sessionId) {
        SessionEntity session = owned(userId, sessionId);
        SessionStatus status = session.status();
        while (status != SessionStatus.TERMINATED && !store.move(sessionId, status, SessionStatus.TERMINATED, null, null)) {
            status = owned(userId, sessionId).status(); // it moved meanwhile (e.g. became idle): try again from there
        }
        Sandbox sandbox = running.remove(sessionId);
        if (sandbox != null) {
            sandboxes.terminate(sandbox.id());
        }
        if (session.status() != SessionStatus.TERMINATED) {
            ended.fire(new SessionEnded(sessionId, userId,
                    Duration.between(session.createdAt(), Instant.now()).toSeconds()));
        }
    }

    private void startSandbox(UUID sessionId) {
        try {
            Sandbox sandbox = sandboxes.create(SandboxSpec.forSession(sessionId.toString()));
            running.put(sessionId, sandbox);
            if (!store.move(sessionId, SessionStatus.STARTING, SessionStatus.IDLE, sandbox.id(), null)) {
                // ended while starting: nothing may keep running for it
                running.remove(sessionId);
                sandboxes.terminate(sandbox.id());
            }
        } catch (SandboxException e) {
            LOG.warning("sessions.start_failed session_id=" + sessionId + " error=\"" + e.getMessage() + "\"");
            store.move(sessionId, SessionStatus.STARTING, SessionStatus.ERROR, null, clip(e.getMessage()));
        }
    }

    static ApiException notFound() {
        return new ApiException(404, "SESSION_NOT_FOUND", "Session not found");
    }

    private static String clip(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
    }
}
