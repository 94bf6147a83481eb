package dev.tabbi.sessions.internal;

import dev.tabbi.platform.LogContext;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.AgentConnection;
import dev.tabbi.sandbox.SandboxException;
import dev.tabbi.sandbox.SandboxLifecycle;
import dev.tabbi.sandbox.SandboxWorkspaces;
import dev.tabbi.sandbox.AgentReport;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.TurnControl;
import dev.tabbi.sessions.TurnProgress;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The turns of sessions: one at a time per session (a compare-and-set {@code idle → running} in the database, so
 * on any node), run on a managed thread so that a client going away does not stop them (only an abort does),
 * every event published to the session's event log and the conversation written to its history as it goes. A
 * message to a paused session resumes it first.
 */
@ApplicationScoped
public class SessionTurns implements TurnControl {
    private static final String BUDGET_EXCEEDED = "BUDGET_EXCEEDED";
    /** The turns of this node a budget stopped, so that it is announced once. */
    private final java.util.Set<UUID> budgetStopped = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Inject
    WebhookTriggers webhooks;

    @Inject
    AutoPullRequests autoPullRequests;

    @Inject
    SessionSecrets sessionSecrets;

    private static final Logger LOG = Logger.getLogger(SessionTurns.class.getName());

    @Inject
    SessionAccess access;

    @Inject
    PauseAndResume pauseAndResume;

    @Inject
    SessionStore store;

    @Inject
    LiveSandboxes live;

    @Inject
    SandboxLifecycle sandboxes;

    @Inject
    SandboxWorkspaces workspaces;

    @Inject
    SessionFeed events;

    @Inject
    MessageHistory history;

    @Inject
    SessionsConfiguration configuration;

    @Inject
    jakarta.enterprise.event.Event<TurnProgress> progress;

    @Inject
    WorkLeases work;

    @Inject
    dev.tabbi.platform.Node node;

    @Resource
    ManagedExecutorService executor;

    /**
     * Starts a turn (resuming the session first if it is paused) and returns the id of the event before the turn's
     * first one: the turn's events follow it in the session's log, ending with {@code session.idle} (or
     * {@code session.error} if the session could not be resumed). {@code keyId} sent it ({@code null}: the
     * dashboard) and pays for it.
     */
    public long start(UUID userId, UUID keyId, UUID sessionId, String content) {
        SessionRefusals.refuseWhileDraining(node);
        SessionEntity session = access.owned(userId, sessionId);
        if (session.status() == SessionStatus.PAUSED) {
            long before = events.lastId(sessionId);
            executor.execute(LogContext.carrying(sessionId.toString(), () -> resumeThenRun(userId, keyId, sessionId, content)));
            return before;
        }
        AgentConnection agent = claim(session, keyId);
        work.begin(sessionId);
        try {
            long before = events.publish(sessionId, FeedEvent.running(sessionId)).id() - 1;
            TurnRecorder recorder = recorder(session, keyId, content); // in the history before it is acknowledged
            executor.execute(LogContext.carrying(sessionId.toString(), () -> run(session, keyId, agent, recorder)));
            return before;
        } catch (RuntimeException e) {
            store.move(sessionId, SessionStatus.RUNNING, SessionStatus.IDLE, null); // never leave it claimed
            work.end(sessionId);
            throw e;
        }
    }

    /** Asks the agent to stop the running turn; its stream then ends with an {@code error} event. */
    public void abort(UUID userId, UUID sessionId) {
        SessionEntity session = access.owned(userId, sessionId);
        if (session.status() == SessionStatus.RUNNING) {
            live.get(sessionId).ifPresent(sandbox -> sandbox.agent().abort());
        }
    }

    @Override
    public void stop(UUID sessionId, String code, String message) {
        live.get(sessionId).ifPresent(sandbox -> {
            sandbox.agent().abort(code, message);
            if (BUDGET_EXCEEDED.equals(code) && budgetStopped.add(sessionId)) { // once per turn, however often asked
                store.find(sessionId).ifPresent(session -> webhooks.budgetExceeded(session.userId(), sessionId, message));
            }
        });
    }

    /** A sandbox wrote past its disk quota: its tools were stopped, and so is its turn. */
    void onOverQuota(@jakarta.enterprise.event.Observes dev.tabbi.sandbox.SandboxOverQuota over) {
        try {
            stop(UUID.fromString(over.sessionId()), "WORKSPACE_TOO_LARGE", "The session's sandbox wrote more than "
                    + over.quotaBytes() / (1024 * 1024) + " MB; delete files or start a new session");
        } catch (IllegalArgumentException e) {
            LOG.warning("sessions.over_quota_unknown_session sandbox_id=" + over.sandboxId());
        }
    }

    /** {@code idle → running}, or the reason why not. */
    private AgentConnection claim(SessionEntity session, UUID keyId) {
        UUID sessionId = session.id();
        var sandbox = live.get(sessionId);
        if (sandbox.isPresent() && workspaces.workspaceBytes(sandbox.get().sandbox().id()) > configuration.maxWorkspaceBytes()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "WORKSPACE_TOO_LARGE", "The session's workspace is larger than "
                    + configuration.maxWorkspaceBytes() / (1024 * 1024) + " MB; delete files or start a new session");
        }
        if (sandbox.isPresent() && store.claimTurn(sessionId, keyId)) {
            return sandbox.get().agent();
        }
        throw SessionRefusals.refusal(store.find(sessionId).orElseThrow(),
                "The session is still starting or already running a turn; try again when it is idle");
    }

    private void resumeThenRun(UUID userId, UUID keyId, UUID sessionId, String content) {
        try {
            pauseAndResume.resume(userId, sessionId);
            SessionEntity session = access.owned(userId, sessionId);
            if (session.status() != SessionStatus.IDLE) {
                return; // the resume failed and said so with session.error
            }
            AgentConnection agent = claim(session, keyId);
            work.begin(sessionId);
            events.publish(sessionId, FeedEvent.running(sessionId));
            run(session, keyId, agent, recorder(session, keyId, content));
        } catch (Refusal e) {
            events.publish(sessionId, FeedEvent.sessionFailed(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warning("sessions.resume_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
            events.publish(sessionId, FeedEvent.sessionFailed(null, "the session could not be resumed"));
        }
    }

    /** Starts the turn's record: the user's message goes to the event log and the history at once. */
    private TurnRecorder recorder(SessionEntity session, UUID keyId, String content) {
        UUID sessionId = session.id();
        return new TurnRecorder(sessionId, events, history, content, (input, output) -> progress.fire(
                new TurnProgress(sessionId, session.userId(), keyId, input, output)), sessionSecrets.redaction(sessionId));
    }

    /** Runs a claimed turn to its end and makes the session idle again (or failed, if its sandbox died). */
    private void run(SessionEntity session, UUID keyId, AgentConnection agent, TurnRecorder recorder) {
        UUID sessionId = session.id();
        String content = recorder.userContent();
        AgentConnection.TurnResult result = new AgentConnection.TurnResult(0, 0);
        boolean succeeded = false;
        long begun = System.nanoTime();
        long[] firstReport = {0};
        long agentDone = 0;
        try {
            result = agent.runTurn(content, session.systemPrompt(), report -> {
                if (firstReport[0] == 0) {
                    firstReport[0] = System.nanoTime();
                }
                recorder.accept(report);
            });
            agentDone = System.nanoTime();
            succeeded = !recorder.failed();
        } catch (SandboxException e) {
            LOG.warning("sessions.turn_failed session_id=" + sessionId + " error=\"" + e.getMessage() + "\"");
            recorder.accept(new AgentReport.Failed("AGENT_ERROR", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warning("sessions.turn_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
            recorder.accept(new AgentReport.Failed("INTERNAL_ERROR", "the turn failed"));
        } finally {
            agentDone = agentDone == 0 ? System.nanoTime() : agentDone;
            finish(sessionId, keyId, recorder, result, succeeded);
            // where a turn's time goes: to the agent's first report, the agent's whole turn, then its end here
            LOG.info("sessions.turn_done session_id=" + sessionId + " first_report_ms=" + millis(begun, firstReport[0])
                    + " agent_ms=" + millis(begun, agentDone) + " finish_ms=" + millis(agentDone, System.nanoTime()));
        }
    }

    private static void flush(UUID sessionId, TurnRecorder recorder) {
        try {
            recorder.flush();
        } catch (RuntimeException e) {
            LOG.warning("sessions.turn_events_unstored session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    private static long millis(long from, long to) {
        return to == 0 ? -1 : (to - from) / 1_000_000;
    }

    private void finish(UUID sessionId, UUID keyId, TurnRecorder recorder, AgentConnection.TurnResult result,
            boolean succeeded) {
        flush(sessionId, recorder); // the agent's events are in the feed before the session can be idle again
        try {
            recorder.close(result);
            store.turnFinished(sessionId, keyId, result.inputTokens(), result.outputTokens(), succeeded);
        } catch (RuntimeException e) {
            LOG.warning("sessions.turn_unrecorded session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
        boolean reclaimed = false;
        try {
            var sandbox = live.get(sessionId);
            // a turn the agent ended itself came through its sandbox a moment ago: only a failed one asks the provider
            boolean alive = sandbox.isPresent() && (succeeded || stillRunning(sandbox.get().sandbox().id()));
            reclaimed = !store.moveOwned(sessionId, SessionStatus.RUNNING, alive ? SessionStatus.IDLE : SessionStatus.ERROR,
                    alive ? null : "the sandbox stopped during a turn")
                    && store.find(sessionId).map(s -> s.status() != SessionStatus.TERMINATED).orElse(false);
            if (alive && workspaces.workspaceBytes(sandbox.get().sandbox().id()) > configuration.maxWorkspaceBytes()) {
                recorder.accept(new AgentReport.Failed("WORKSPACE_TOO_LARGE",
                        "The workspace is over its size limit; the next message is refused until files are deleted"));
            }
        } catch (RuntimeException e) {
            LOG.warning("sessions.turn_end_unrecorded session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
        } finally {
            work.end(sessionId);
            budgetStopped.remove(sessionId);
            // Last, once the session really is idle again: a client may send its next message as soon as it sees
            // this. A turn another node reclaimed (this one stalled past its lease) was ended there instead.
            flush(sessionId, recorder); // a report of the workspace's size comes before it too
            if (reclaimed) {
                LOG.warning("sessions.turn_end_after_reclaim session_id=" + sessionId);
            } else {
                events.publish(sessionId, FeedEvent.idle(sessionId));
                try {
                    autoPullRequests.afterTurn(sessionId);
                } catch (RuntimeException e) {
                    LOG.warning("sessions.auto_pull_request_failed session_id=" + sessionId + " error=\"" + e.getClass().getSimpleName() + "\"");
                }
            }
        }
    }

    /** Whether the sandbox still runs; when its provider cannot tell right now, it is assumed to (the next turn will see). */
    private boolean stillRunning(String sandboxId) {
        try {
            return sandboxes.isRunning(sandboxId);
        } catch (RuntimeException e) {
            LOG.warning("sessions.sandbox_status_unknown sandbox_id=" + sandboxId + " error=\"" + e.getClass().getSimpleName() + "\"");
            return true;
        }
    }
}
