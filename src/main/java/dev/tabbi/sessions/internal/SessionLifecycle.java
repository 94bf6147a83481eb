package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Locks;
import dev.tabbi.identity.Users;
import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.GitSource;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxProvider;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sandbox.SandboxesLost;
import dev.tabbi.sessions.SessionRequested;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Creating, pausing, resuming and ending sessions. Creation answers at once with a {@code starting} session and
 * brings the sandbox up in the background; the session becomes {@code idle} when its agent answers, or
 * {@code error} with a reason. Every step is published as an event of the session. Pause, resume and terminate of
 * one session are serialized by a cluster-wide lock, so a message cannot resume a sandbox still being snapshotted.
 */
@ApplicationScoped
public class SessionLifecycle {
    private static final Logger LOG = Logger.getLogger(SessionLifecycle.class.getName());

    @Inject
    SessionStore store;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    LiveSandboxes live;

    @Inject
    SessionFeed events;

    @Inject
    LifecycleLocks locks;

    @Inject
    SessionsConfiguration configuration;

    @Inject
    RepoPolicy repoPolicy;

    @Inject
    Users users;

    @Inject
    SessionMetrics metrics;

    @Inject
    WorkLeases work;

    @Inject
    jakarta.enterprise.event.Event<SessionRequested> requested;

    @Inject
    LiveSessionGate gate;

    @Inject
    dev.tabbi.platform.Node node;

    @Resource
    ManagedExecutorService executor;

    /**
     * Creates a session and starts its sandbox in the background; its events tell how that goes
     * ({@code session.created}, {@code session.progress}, then {@code session.ready} or {@code session.error}).
     */
    public SessionView create(UUID userId, UUID keyId, SessionRequest request) {
        SessionRefusals.refuseWhileDraining(node);
        requested.fire(new SessionRequested(userId, keyId)); // an observer may refuse it (a rate limit)
        SessionEntity session = gate.create(userId,
                () -> store.insert(userId, keyId, request.systemPrompt(), request.repo(), request.model()));
        UUID id = session.id();
        events.publish(id, FeedEvent.created(id));
        events.publish(id, FeedEvent.progress(request.repo() == null
                ? "Creating the sandbox and starting the agent"
                : "Creating the sandbox, cloning " + request.repo() + " and starting the agent"));
        work.begin(id);
        executor.execute(() -> bringUp(id, null, spec(userId, id, request)));
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

    /**
     * Pauses an idle session: snapshot of its workspace and agent data, sandbox stopped, {@code session.paused}.
     * Pausing a paused session changes nothing; any other state is refused.
     */
    public SessionView pause(UUID userId, UUID sessionId) {
        owned(userId, sessionId);
        try (Locks.Lock lock = locks.waitFor(sessionId)) {
            SessionEntity session = owned(userId, sessionId);
            if (session.status() == SessionStatus.PAUSED) {
                return session.view();
            }
            if (session.status() != SessionStatus.IDLE || live.get(sessionId).isEmpty()) {
                throw SessionRefusals.refusal(session, "Only an idle session can be paused");
            }
            pauseIdle(sessionId);
            return owned(userId, sessionId).view();
        }
    }

    /** Auto-pause of an idle session of this node; skipped (false) when its lifecycle is busy or it is not idle. */
    boolean autoPause(UUID sessionId) {
        Optional<Locks.Lock> lock = locks.tryNow(sessionId);
        if (lock.isEmpty()) {
            return false;
        }
        try (Locks.Lock held = lock.get()) {
            return live.get(sessionId).isPresent() && pauseIdle(sessionId);
        }
    }

    /** Pauses a session idle on this node, holding its lifecycle lock; false if it was busy after all. */
    private boolean pauseIdle(UUID sessionId) {
        if (!store.move(sessionId, SessionStatus.IDLE, SessionStatus.PAUSED, null)) {
            return false;
        }
        LiveSandboxes.Live sandbox = live.remove(sessionId).orElseThrow();
        try {
            String snapshot = sandboxes.pause(sandbox.sandbox().id());
            store.snapshotTaken(sessionId, snapshot);
            events.publish(sessionId, FeedEvent.paused(sessionId));
            LOG.info("sessions.paused session_id=" + sessionId);
            return true;
        } catch (SandboxException e) {
            sandboxes.terminate(sandbox.sandbox().id());
            fail(sessionId, SessionStatus.PAUSED, "the session could not be paused: " + e.getMessage());
            return true;
        }
    }

    /**
     * Resumes a paused session and waits until it is idle again (or failed). Resuming a session that is not paused
     * changes nothing. The resume's steps are published like a creation's.
     */
    public SessionView resume(UUID userId, UUID sessionId) {
        owned(userId, sessionId);
        try (Locks.Lock lock = locks.waitFor(sessionId)) {
            SessionEntity session = owned(userId, sessionId);
            if (session.status() == SessionStatus.PAUSED && gate.resume(userId, sessionId)) {
                events.publish(sessionId, FeedEvent.starting(sessionId));
                events.publish(sessionId, FeedEvent.progress("Resuming the sandbox from its snapshot"));
                bringUp(sessionId, session, new SandboxSpec(sessionId.toString(), session.model(), null, List.of(), null));
            }
            return owned(userId, sessionId).view();
        }
    }

    /** Ends the session and removes its sandbox and snapshot; ending an ended session changes nothing. */
    public void terminate(UUID userId, UUID sessionId) {
        owned(userId, sessionId);
        try (Locks.Lock lock = locks.waitFor(sessionId)) {
            SessionEntity session = owned(userId, sessionId);
            Optional<LiveSandboxes.Live> sandbox = live.get(sessionId); // wherever it was started
            boolean ended = store.terminate(sessionId);
            live.remove(sessionId);
            sandbox.ifPresent(running -> sandboxes.terminate(running.sandbox().id()));
            if (session.snapshot() != null) {
                sandboxes.discardSnapshot(session.snapshot());
            }
            if (ended) {
                events.publish(sessionId, FeedEvent.terminated(sessionId));
            }
        }
    }

    /** Stops the sandbox this node runs for a session that ended or failed elsewhere (the upkeep's backstop). */
    void releaseSandbox(UUID sessionId) {
        live.remove(sessionId).ifPresent(sandbox -> {
            sandboxes.terminate(sandbox.sandbox().id());
            LOG.info("sessions.sandbox_released session_id=" + sessionId + " reason=\"the session ended\"");
        });
    }

    /**
     * Starts a sandbox for a {@code starting} session: a new one, or from the snapshot of {@code paused} (with the
     * agent's conversation), and publishes {@code session.ready} or {@code session.error}.
     */
    private void bringUp(UUID sessionId, SessionEntity paused, SandboxSpec spec) {
        work.begin(sessionId);
        try {
            Sandbox sandbox = paused == null ? sandboxes.create(spec) : sandboxes.resume(paused.snapshot(), spec);
            AgentConnection agent;
            try {
                agent = sandboxes.connect(sandbox, paused == null ? null : paused.agentSessionId());
            } catch (SandboxException e) {
                sandboxes.terminate(sandbox.id());
                throw e;
            }
            Instant startedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as PostgreSQL keeps it
            live.put(sessionId, new LiveSandboxes.Live(sandbox, agent, startedAt));
            boolean shared = sandboxes.sharedAcrossNodes();
            if (!store.sandboxReady(sessionId, sandbox.id(), agent.agentSessionId(), startedAt,
                    shared ? sandbox.agentUrl().toString() : null, shared ? live.sealCredentials(sessionId, sandbox) : null,
                    paused != null)) {
                // ended while starting: nothing may keep running for it
                live.remove(sessionId);
                sandboxes.terminate(sandbox.id());
                return;
            }
            events.publish(sessionId, FeedEvent.ready(sessionId));
        } catch (SandboxException e) {
            LOG.warning("sessions.start_failed session_id=" + sessionId + " error=\"" + e.getMessage() + "\"");
            metrics.sandboxStartFailed();
            fail(sessionId, SessionStatus.STARTING, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warning("sessions.start_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
            metrics.sandboxStartFailed();
            fail(sessionId, SessionStatus.STARTING, "the sandbox provider is unavailable; try again shortly");
        } finally {
            work.end(sessionId);
        }
    }

    /**
     * The sandbox for a new session. A repository on GitHub without a {@code gitToken} is cloned with the owner's
     * stored GitHub token, if they connected one (private repositories need the {@code repo} scope).
     */
    private SandboxSpec spec(UUID userId, UUID sessionId, SessionRequest request) {
        GitSource repo = request.repoSource();
        if (repo != null && repo.token() == null && repoPolicy.isOnGitHub(repo)) {
            repo = new GitSource(repo.url(), repo.ref(), users.githubToken(userId).orElse(null));
        }
        return new SandboxSpec(sessionId.toString(), request.model(), repo, request.skills(), request.agentSettings());
    }

    private void fail(UUID sessionId, SessionStatus from, String reason) {
        boolean moved = from == SessionStatus.STARTING // a start is this node's only while it holds the lease
                ? store.moveOwned(sessionId, from, SessionStatus.ERROR, SessionRefusals.clip(reason))
                : store.move(sessionId, from, SessionStatus.ERROR, SessionRefusals.clip(reason));
        if (moved) {
            events.publish(sessionId, FeedEvent.sessionFailed(null, reason));
        }
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

    /**
     * Someone follows the session's events: it stays active, so auto-pause leaves it alone. False once it failed or
     * ended, when there is nothing more to follow.
     */
    public boolean touch(UUID sessionId) {
        return store.touch(sessionId);
    }

    SessionEntity owned(UUID userId, UUID sessionId) {
        return store.findOwned(userId, sessionId).orElseThrow(SessionRefusals::notFound);
    }
}
