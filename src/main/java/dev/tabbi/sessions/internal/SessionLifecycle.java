package dev.tabbi.sessions.internal;

import dev.tabbi.platform.ApiException;
import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.SandboxesLost;
import dev.tabbi.sandbox.TurnEvent;
import dev.tabbi.sandbox.WorkspaceEntry;
import dev.tabbi.sessions.SessionEnded;
import dev.tabbi.sessions.SessionStarted;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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

    /** A live session on this node: its sandbox and the conversation with its agent. */
    record Live(Sandbox sandbox, AgentConnection agent) {
    }

    private final Map<UUID, Live> running = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong> eventIds = new ConcurrentHashMap<>();

    public SessionView create(UUID userId, UUID keyId, String systemPrompt) {
        return create(userId, keyId, systemPrompt, new CompletableFuture<>());
    }

    /**
     * Creates a session; {@code ready} completes with the session once it is idle or has failed (for the streamed
     * creation of the API).
     */
    public SessionView create(UUID userId, UUID keyId, String systemPrompt, CompletableFuture<SessionView> ready) {
        SessionEntity session = store.insert(userId, keyId, systemPrompt);
        started.fire(new SessionStarted(session.id(), userId, keyId));
        executor.execute(() -> {
            try {
                startSandbox(session.id());
                ready.complete(owned(userId, session.id()).view());
            } catch (RuntimeException e) {
                ready.completeExceptionally(e); // whoever waits must hear of it, not wait forever
            }
        });
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
        Live live = running.get(sessionId);
        return live == null ? List.of() : sandboxes.logs(live.sandbox().id(), tail);
    }

    /** What is at a path of the session's workspace; 404 FILE_NOT_FOUND when nothing (that may be shown) is there. */
    public WorkspaceEntry workspace(UUID userId, UUID sessionId, String path, long maxBytes) {
        owned(userId, sessionId);
        Live live = running.get(sessionId);
        return (live == null ? java.util.Optional.<WorkspaceEntry>empty()
                : sandboxes.workspace(live.sandbox().id(), path, maxBytes))
                .orElseThrow(() -> new ApiException(404, "FILE_NOT_FOUND", "No such file in the session's workspace"));
    }

    /** Asks the agent to stop the running turn; its stream then ends with an {@code error} event. */
    public void abort(UUID userId, UUID sessionId) {
        SessionEntity session = owned(userId, sessionId);
        Live live = running.get(sessionId);
        if (session.status() == SessionStatus.RUNNING && live != null) {
            live.agent().abort();
        }
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
        Live live = running.remove(sessionId);
        if (live != null) {
            sandboxes.terminate(live.sandbox().id());
        }
        if (session.status() != SessionStatus.TERMINATED) {
            ended.fire(new SessionEnded(sessionId, userId,
                    Duration.between(session.createdAt(), Instant.now()).toSeconds()));
        }
    }

    private void startSandbox(UUID sessionId) {
        try {
            Sandbox sandbox = sandboxes.create(SandboxSpec.forSession(sessionId.toString()));
            try {
                running.put(sessionId, new Live(sandbox, sandboxes.connect(sandbox)));
            } catch (SandboxException e) {
                sandboxes.terminate(sandbox.id());
                throw e;
            }
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

    /**
     * Claims the session for a turn: {@code idle → running} as a compare-and-set in the database, so a second
     * message, on any node, is refused while one runs. The caller must {@link #finishTurn} it.
     */
    public Turn beginTurn(UUID userId, UUID sessionId) {
        SessionEntity session = owned(userId, sessionId);
        Live live = running.get(sessionId);
        if (live != null && store.move(sessionId, SessionStatus.IDLE, SessionStatus.RUNNING, null, null)) {
            return new Turn(sessionId, session.systemPrompt(), live.agent());
        }
        SessionStatus now = owned(userId, sessionId).status();
        if (live == null && now == SessionStatus.IDLE) {
            throw new ApiException(409, "SESSION_FAILED", "The session's sandbox is no longer running on this server");
        }
        throw switch (now) {
            case TERMINATED -> new ApiException(410, "SESSION_TERMINATED", "The session has ended");
            case ERROR -> new ApiException(409, "SESSION_FAILED", "The session failed: " + session.errorMessage());
            case PAUSED -> new ApiException(409, "SESSION_PAUSED", "Paused sessions cannot take messages yet");
            default -> new ApiException(409, "SESSION_BUSY",
                    "The session is still starting or already running a turn; try again when it is idle");
        };
    }

    /** A claimed turn: what the resource needs to run it. */
    public record Turn(UUID sessionId, String systemPrompt, AgentConnection agent) {
    }

    /** Runs the claimed turn to its end and makes the session idle again (or failed, if its sandbox died). */
    public AgentConnection.TurnResult runTurn(Turn turn, String content, Consumer<TurnEvent> events) {
        try {
            return turn.agent().runTurn(content, turn.systemPrompt(), events);
        } finally {
            Live live = running.get(turn.sessionId());
            boolean alive = live != null && sandboxes.isRunning(live.sandbox().id());
            store.move(turn.sessionId(), SessionStatus.RUNNING, alive ? SessionStatus.IDLE : SessionStatus.ERROR, null,
                    alive ? null : "the sandbox stopped during a turn");
        }
    }

    /** Gives back a claimed turn that never started. */
    public void abandonTurn(Turn turn) {
        store.move(turn.sessionId(), SessionStatus.RUNNING, SessionStatus.IDLE, null, null);
    }

    /** The next event id of the session's stream: monotonic, so clients can tell where they are. */
    public long nextEventId(UUID sessionId) {
        return eventIds.computeIfAbsent(sessionId, id -> new AtomicLong()).incrementAndGet();
    }

    /** At start-up: bring the sandbox provider up now, so what a crashed predecessor left is reaped at once. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            sandboxes.isRunning("");
        } catch (RuntimeException e) {
            LOG.warning("sessions.sandbox_provider_unavailable error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** Sessions whose sandbox is gone cannot run any more: they fail, with the reason, instead of looking idle. */
    void onSandboxesLost(@Observes SandboxesLost lost) {
        try {
            int failed = store.failSandboxSessions(lost.sandboxIds(), "the server restarted and the session's sandbox was lost");
            if (failed > 0) {
                LOG.warning("sessions.lost_sandboxes failed_sessions=" + failed);
            }
        } catch (RuntimeException e) {
            // the database is not usable yet: such sessions are refused at their next message instead
            LOG.warning("sessions.lost_sandboxes_unrecorded count=" + lost.sandboxIds().size());
        }
    }

    public static ApiException notFound() {
        return new ApiException(404, "SESSION_NOT_FOUND", "Session not found");
    }

    private static String clip(String message) {
        return message == null || message.length() <= 2000 ? message : message.substring(0, 2000);
    }
}
