package dev.tabbi.sessions.internal;

import dev.tabbi.sandbox.SandboxesLost;
import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Sessions that cannot go on: each moves to {@code error} through the state machine (a compare-and-set from the
 * state it was seen in), its unfinished answer is closed with the reason, and its feed says so with
 * {@code session.error}. Whoever finds a session broken (a failed start or pause, a lost node, a lost sandbox)
 * fails it here.
 */
@ApplicationScoped
public class SessionFailures {
    private static final Logger LOG = Logger.getLogger(SessionFailures.class.getName());
    static final String SANDBOX_LOST = "the server restarted and the session's sandbox was lost";

    @Inject
    SessionStore store;

    @Inject
    SessionQueries queries;

    @Inject
    MessageHistory history;

    @Inject
    SessionFeed feed;

    /**
     * {@code from → error} with {@code reason} ({@code code}, may be null, says why in the API's words); false when
     * the session had moved on meanwhile. A start or a turn is failed only by the node that owns it
     * ({@code ownedOnly}), so a node whose lease was reclaimed cannot undo what the reclaiming node decided.
     */
    public boolean fail(UUID sessionId, SessionStatus from, String code, String reason, boolean ownedOnly) {
        String clipped = SessionRefusals.clip(reason);
        boolean moved = ownedOnly ? store.moveOwned(sessionId, from, SessionStatus.ERROR, clipped)
                : store.move(sessionId, from, SessionStatus.ERROR, clipped);
        if (moved) {
            history.failUnfinished(sessionId, clipped);
            feed.publish(sessionId, FeedEvent.sessionFailed(code, reason));
        }
        return moved;
    }

    /** Sessions whose sandbox is gone cannot run any more: they fail, with the reason, instead of looking idle. */
    void onSandboxesLost(@Observes SandboxesLost lost) {
        int failed = 0;
        try {
            for (SessionQueries.Seen session : queries.liveIn(lost.sandboxIds())) {
                failed += fail(session.id(), session.status(), null, SANDBOX_LOST, false) ? 1 : 0;
            }
        } catch (RuntimeException e) {
            // the database is not usable yet: such sessions are refused at their next message instead
            LOG.warning("sessions.lost_sandboxes_unrecorded count=" + lost.sandboxIds().size());
        }
        if (failed > 0) {
            LOG.warning("sessions.lost_sandboxes failed_sessions=" + failed);
        }
    }
}
