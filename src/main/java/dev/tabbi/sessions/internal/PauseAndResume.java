package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Locks;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxLifecycle;
import dev.tabbi.sandbox.SandboxSnapshots;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Pausing a session (snapshot of its workspace and agent data, sandbox stopped) and resuming it from the snapshot,
 * by its user or, for a session idle too long, by {@link SandboxUpkeep}. Pause, resume and terminate of one session
 * are serialized by a cluster-wide lock, so a message cannot resume a sandbox still being snapshotted.
 */
@ApplicationScoped
public class PauseAndResume {

    @Inject
    SessionSecrets sessionSecrets;
    private static final Logger LOG = Logger.getLogger(PauseAndResume.class.getName());

    @Inject
    SessionAccess access;

    @Inject
    SessionStore store;

    @Inject
    SandboxLifecycle sandboxes;

    @Inject
    SandboxSnapshots snapshots;

    @Inject
    LiveSandboxes live;

    @Inject
    SessionFeed feed;

    @Inject
    LifecycleLocks locks;

    @Inject
    LiveSessionGate gate;

    @Inject
    SandboxBringUp bringUp;

    @Inject
    SessionFailures failures;

    /** Pauses an idle session; pausing a paused session changes nothing; any other state is refused. */
    public SessionView pause(UUID userId, UUID sessionId) {
        access.owned(userId, sessionId);
        try (Locks.Lock lock = locks.waitFor(sessionId)) {
            SessionEntity session = access.owned(userId, sessionId);
            if (session.status() == SessionStatus.PAUSED) {
                return session.view();
            }
            if (session.status() != SessionStatus.IDLE || live.get(sessionId).isEmpty()) {
                throw SessionRefusals.refusal(session, "Only an idle session can be paused");
            }
            pauseIdle(sessionId);
            return access.owned(userId, sessionId).view();
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
            String snapshot = snapshots.pause(sandbox.sandbox().id());
            store.snapshotTaken(sessionId, snapshot);
            feed.publish(sessionId, FeedEvent.paused(sessionId));
            LOG.info("sessions.paused session_id=" + sessionId);
        } catch (SandboxException e) {
            sandboxes.terminate(sandbox.sandbox().id());
            failures.fail(sessionId, SessionStatus.PAUSED, null, "the session could not be paused: " + e.getMessage(), false);
        }
        return true;
    }

    /**
     * Resumes a paused session and waits until it is idle again (or failed). Resuming a session that is not paused
     * changes nothing. The resume's steps are published like a creation's.
     */
    public SessionView resume(UUID userId, UUID sessionId) {
        access.owned(userId, sessionId);
        try (Locks.Lock lock = locks.waitFor(sessionId)) {
            SessionEntity session = access.owned(userId, sessionId);
            if (session.status() == SessionStatus.PAUSED && gate.resume(userId, sessionId)) {
                feed.publish(sessionId, FeedEvent.starting(sessionId));
                feed.publish(sessionId, FeedEvent.progress("Resuming the sandbox from its snapshot"));
                bringUp.bringUp(sessionId, session, new SandboxSpec(sessionId.toString(), session.model(), null, List.of(), null,
                        sessionSecrets.environment(session)));
            }
            return access.owned(userId, sessionId).view();
        }
    }
}
