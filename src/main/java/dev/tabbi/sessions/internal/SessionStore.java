package dev.tabbi.sessions.internal;

import dev.tabbi.sessions.SessionEnded;
import dev.tabbi.sessions.SessionPaused;
import dev.tabbi.sessions.SessionResumed;
import dev.tabbi.sessions.SessionStarted;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.TurnCompleted;
import dev.tabbi.sessions.TurnStarted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions in PostgreSQL. A status change is a compare-and-set on the previous status and is refused unless the
 * state machine allows it, so neither a bug nor a race between two requests can make an illegal move. The module
 * events (and the webhooks, {@link WebhookTriggers}) are fired inside the transaction of the change they report, so an observer that records them (usage)
 * commits or fails together with it.
 */
@ApplicationScoped
public class SessionStore {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    Event<SessionStarted> started;

    @Inject
    Event<SessionPaused> paused;

    @Inject
    Event<SessionResumed> resumed;

    @Inject
    Event<TurnCompleted> turnCompleted;

    @Inject
    Event<TurnStarted> turnStarted;

    @Inject
    Event<SessionEnded> ended;

    @Inject
    dev.tabbi.platform.Node node;

    @Inject
    SessionsConfiguration configuration;

    @Inject
    MessageHistory history;

    @Inject
    WebhookTriggers webhooks;

    @Inject
    SessionSecrets sessionSecrets;

    @Inject
    dev.tabbi.sandbox.SandboxLifecycle sandboxes;

    @Transactional
    public SessionEntity insert(UUID userId, UUID keyId, String systemPrompt, String repo, String repoBranch,
            boolean autoCreatePr, String model, java.util.Map<String, String> secrets,
            List<SessionRepositories.Named> repositories) {
        SessionEntity session = new SessionEntity(userId, keyId, systemPrompt, repo, repoBranch, autoCreatePr, model, Instant.now());
        session.secrets(sessionSecrets.seal(session.id(), secrets));
        session.repositories(repositories.isEmpty() ? null : SessionRepositories.json(repositories));
        entityManager.persist(session);
        entityManager.flush();
        entityManager.createNativeQuery("UPDATE sessions SET owner_node = ?1, lease_expires_at = now() + make_interval(secs => ?2), "
                + "sandbox_provider = ?4 WHERE id = ?3").setParameter(1, node.id()).setParameter(2, configuration.lease().toSeconds())
                .setParameter(3, session.id().toString()).setParameter(4, sandboxes.providerName()).executeUpdate();
        started.fire(new SessionStarted(session.id(), userId, keyId));
        return session;
    }

    /** The user's session; someone else's is as absent as one that never existed. */
    @Transactional
    public Optional<SessionEntity> findOwned(UUID userId, UUID sessionId) {
        return find(sessionId).filter(session -> session.userId().equals(userId));
    }

    @Transactional
    public Optional<SessionEntity> find(UUID sessionId) {
        return Optional.ofNullable(entityManager.find(SessionEntity.class, sessionId));
    }

    /** Someone is watching the session: it counts as active (auto-pause waits). False once it failed or ended. */
    @Transactional
    public boolean touch(UUID sessionId) {
        if (entityManager.createNativeQuery("UPDATE sessions SET last_activity_at = now() WHERE id = ?1 AND status = 'idle'")
                .setParameter(1, sessionId.toString()).executeUpdate() > 0) {
            return true;
        }
        return !entityManager.createNativeQuery("SELECT 1 FROM sessions WHERE id = ?1 AND status NOT IN ('error', 'terminated')")
                .setParameter(1, sessionId.toString()).getResultList().isEmpty();
    }

    /** Moves {@code from → to} if the session still is in {@code from}; false if it was not (or the move is illegal). */
    @Transactional
    public boolean move(UUID sessionId, SessionStatus from, SessionStatus to, String errorMessage) {
        return update(sessionId, from, to, "error_message = COALESCE(?10, error_message)", errorMessage);
    }

    /** {@code idle → running} for a turn sent with {@code keyId} ({@code null}: the dashboard), which spends for it. */
    @Transactional
    public boolean claimTurn(UUID sessionId, UUID keyId) {
        if (!move(sessionId, SessionStatus.IDLE, SessionStatus.RUNNING, null)) {
            return false;
        }
        turnStarted.fire(new TurnStarted(sessionId, find(sessionId).orElseThrow().userId(), keyId));
        return true;
    }

    /**
     * Like {@link #move}, for the node running the session's start or turn: refused unless this node still owns
     * it, so a node whose lease was reclaimed (it stalled, say) cannot undo what the reclaiming node decided.
     */
    @Transactional
    public boolean moveOwned(UUID sessionId, SessionStatus from, SessionStatus to, String errorMessage) {
        return update(true, sessionId, from, to, "error_message = COALESCE(?10, error_message)", errorMessage);
    }

    /**
     * {@code starting → idle} with the sandbox that now serves the session (first start or resume), since
     * {@code startedAt}; {@code agentUrl} and the sealed {@code agentCredentials} are null unless every node can
     * reach the sandbox.
     */
    @Transactional
    public boolean sandboxReady(UUID sessionId, String sandboxId, String agentSessionId, Instant startedAt,
            String agentUrl, String agentCredentials, boolean resumedFromSnapshot) {
        boolean moved = update(true, sessionId, SessionStatus.STARTING, SessionStatus.IDLE, "sandbox_id = ?10, "
                + "agent_session_id = ?11, snapshot = NULL, sandbox_started_at = ?12, agent_url = ?13, "
                + "agent_credentials = ?14", sandboxId, agentSessionId, java.sql.Timestamp.from(startedAt), agentUrl,
                agentCredentials);
        if (moved && resumedFromSnapshot) {
            SessionEntity session = find(sessionId).orElseThrow();
            resumed.fire(new SessionResumed(sessionId, session.userId(), session.keyId()));
        }
        return moved;
    }

    /** Records the snapshot of a paused session and the seconds its sandbox ran. */
    @Transactional
    public void snapshotTaken(UUID sessionId, String snapshot) {
        SessionEntity session = find(sessionId).orElseThrow();
        long seconds = session.runningSeconds(Instant.now());
        entityManager.createNativeQuery("UPDATE sessions SET snapshot = ?1, sandbox_seconds = sandbox_seconds + ?2, "
                        + "sandbox_started_at = NULL, agent_url = NULL, agent_credentials = NULL, updated_at = now() "
                        + "WHERE id = ?3")
                .setParameter(1, snapshot).setParameter(2, seconds).setParameter(3, sessionId.toString()).executeUpdate();
        paused.fire(new SessionPaused(sessionId, session.userId(), session.keyId(), seconds));
        webhooks.paused(session.userId(), sessionId);
    }

    /** Adds a finished turn's tokens to the session. */
    @Transactional
    public void turnFinished(UUID sessionId, UUID keyId, long inputTokens, long outputTokens, boolean succeeded) {
        entityManager.createNativeQuery("UPDATE sessions SET input_tokens = input_tokens + ?1, "
                        + "output_tokens = output_tokens + ?2, last_activity_at = now() WHERE id = ?3")
                .setParameter(1, inputTokens).setParameter(2, outputTokens).setParameter(3, sessionId.toString())
                .executeUpdate();
        SessionEntity session = find(sessionId).orElseThrow();
        turnCompleted.fire(new TurnCompleted(sessionId, session.userId(), keyId, inputTokens, outputTokens, succeeded));
    }

    /** Ends the session from whatever state it is in; false if it had already ended. */
    @Transactional
    public boolean terminate(UUID sessionId) {
        SessionEntity session = find(sessionId).orElseThrow();
        for (int attempt = 0; attempt < TERMINATE_ATTEMPTS; attempt++) {
            SessionStatus status = session.status();
            if (status == SessionStatus.TERMINATED) {
                return false;
            }
            long seconds = session.sandboxSecondsUntil(Instant.now());
            if (update(sessionId, status, SessionStatus.TERMINATED, "sandbox_seconds = ?10, sandbox_started_at = NULL, "
                    + "snapshot = NULL, agent_url = NULL, agent_credentials = NULL", seconds)) {
                history.abortUnfinished(sessionId);
                ended.fire(new SessionEnded(sessionId, session.userId(), session.keyId(), seconds));
                return true;
            }
            // it moved meanwhile (a start or a turn ended): end it from where it is now, read again, since this
            // transaction's copy still has the state it was read in
            entityManager.refresh(session);
        }
        throw new IllegalStateException("the session kept changing while it was ended");
    }

    /** The parameters of an update's assignments: ?10, ?11… */
    private static final java.util.regex.Pattern ASSIGNMENT_PARAMETER = java.util.regex.Pattern.compile("\\?1(\\d)\\b");

    /** A session changes a few times at most while it is ended (a start ends, a turn begins and ends). */
    private static final int TERMINATE_ATTEMPTS = 10;

    /** A compare-and-set of the status that also sets {@code assignments} (whose parameters are ?10, ?11…). */
    private boolean update(UUID sessionId, SessionStatus from, SessionStatus to, String assignments, Object... values) {
        return update(false, sessionId, from, to, assignments, values);
    }

    /**
     * The compare-and-set itself. Moving into {@code starting} or {@code running} makes this node the work's owner
     * with a fresh lease; moving out of them ends the lease. {@code ownedOnly} refuses unless this node owns it.
     */
    private boolean update(boolean ownedOnly, UUID sessionId, SessionStatus from, SessionStatus to, String assignments,
            Object... values) {
        if (!from.canMoveTo(to)) {
            return false;
        }
        boolean work = to == SessionStatus.STARTING || to == SessionStatus.RUNNING;
        // Parameter positions without gaps (some JPA providers refuse them): the assignments' ?10, ?11… follow
        // the ones used here.
        int first = 4 + (work || ownedOnly ? 1 : 0) + (work ? 1 : 0);
        String renumbered = ASSIGNMENT_PARAMETER.matcher(assignments)
                .replaceAll(m -> "?" + (first + Integer.parseInt(m.group(1))));
        var query = entityManager.createNativeQuery("UPDATE sessions SET status = ?1, updated_at = now(), "
                        + "last_activity_at = now(), " + (work
                                ? "owner_node = ?4, lease_expires_at = now() + make_interval(secs => ?5), "
                                : "owner_node = NULL, lease_expires_at = NULL, ")
                        + renumbered + " WHERE id = ?2 AND status = ?3" + (ownedOnly ? " AND owner_node = ?4" : "")
                        + " RETURNING CAST(user_id AS text), error_message")
                .setParameter(1, to.wireName())
                .setParameter(2, sessionId.toString())
                .setParameter(3, from.wireName());
        if (work || ownedOnly) {
            query.setParameter(4, node.id());
        }
        if (work) {
            query.setParameter(5, configuration.lease().toSeconds());
        }
        for (int i = 0; i < values.length; i++) {
            query.setParameter(first + i, values[i]);
        }
        List<?> changed = query.getResultList();
        if (changed.isEmpty()) {
            return false;
        }
        Object[] row = (Object[]) changed.get(0);
        webhooks.moved(UUID.fromString((String) row[0]), sessionId, from, to, (String) row[1]);
        return true;
    }
}
