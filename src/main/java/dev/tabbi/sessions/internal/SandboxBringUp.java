package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxLifecycle;
import dev.tabbi.sandbox.SandboxSnapshots;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Brings a {@code starting} session's sandbox up, new (a creation) or from its snapshot (a resume), and makes the
 * session {@code idle} once its agent answers, or {@code error} with the reason. The node doing it holds the
 * session's work lease meanwhile, so another node takes over should this one die.
 */
@ApplicationScoped
public class SandboxBringUp {
    private static final Logger LOG = Logger.getLogger(SandboxBringUp.class.getName());

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
    SessionFailures failures;

    @Inject
    SessionMetrics metrics;

    @Inject
    WorkLeases work;

    /**
     * Starts the sandbox: a new one, or from the snapshot of {@code paused} (with the agent's conversation), and
     * publishes {@code session.ready} or {@code session.error}.
     */
    void bringUp(UUID sessionId, SessionEntity paused, SandboxSpec spec) {
        long begin = System.nanoTime();
        work.begin(sessionId);
        try {
            Sandbox sandbox = paused == null ? sandboxes.create(spec) : snapshots.resume(paused.snapshot(), spec);
            long made = System.nanoTime();
            AgentConnection agent;
            try {
                agent = sandboxes.connect(sandbox, paused == null ? null : paused.agentSessionId());
            } catch (SandboxException e) {
                sandboxes.terminate(sandbox.id());
                throw e;
            }
            Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
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
            feed.publish(sessionId, FeedEvent.ready(sessionId));
            // where a start's time goes: the provider, then the agent's first answer and the bookkeeping
            LOG.info("sessions.sandbox_ready session_id=" + sessionId + " sandbox_id=" + sandbox.id() + " resumed=" + (paused != null)
                    + " provider_ms=" + (made - begin) / 1_000_000 + " total_ms=" + (System.nanoTime() - begin) / 1_000_000);
        } catch (SandboxException e) {
            LOG.warning("sessions.start_failed session_id=" + sessionId + " error=\"" + e.getMessage() + "\"");
            metrics.sandboxStartFailed();
            failures.fail(sessionId, SessionStatus.STARTING, null, e.getMessage(), true);
        } catch (RuntimeException e) {
            LOG.warning("sessions.start_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
            metrics.sandboxStartFailed();
            failures.fail(sessionId, SessionStatus.STARTING, null, "the sandbox provider is unavailable; try again shortly", true);
        } finally {
            work.end(sessionId);
        }
    }
}
