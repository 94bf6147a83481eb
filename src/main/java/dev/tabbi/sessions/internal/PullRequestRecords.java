package dev.tabbi.sessions.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** The {@code session_pull_requests} table: what was opened from each session. */
@ApplicationScoped
public class PullRequestRecords {

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    WebhookTriggers webhooks;

    /** Records it, with its webhook in the same transaction. */
    @Transactional
    public void record(UUID userId, UUID sessionId, SessionPullRequests.Opened opened) {
        entityManager.createNativeQuery("INSERT INTO session_pull_requests (session_id, repository, number, url, branch, base, "
                        + "title, draft) VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING")
                .setParameter(1, sessionId.toString()).setParameter(2, opened.repository()).setParameter(3, opened.number())
                .setParameter(4, opened.url()).setParameter(5, opened.branch()).setParameter(6, opened.base())
                .setParameter(7, opened.title()).setParameter(8, opened.draft()).executeUpdate();
        webhooks.pullRequestOpened(userId, sessionId, Json.createReader(new java.io.StringReader(
                SessionPullRequests.json(opened))).readObject());
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<SessionPullRequests.Opened> of(UUID sessionId) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT repository, number, url, branch, base, title, draft "
                + "FROM session_pull_requests WHERE session_id = CAST(?1 AS uuid) ORDER BY created_at")
                .setParameter(1, sessionId.toString()).getResultList();
        return rows.stream().map(row -> new SessionPullRequests.Opened((String) row[0], ((Number) row[1]).intValue(),
                (String) row[2], (String) row[3], (String) row[4], (String) row[5], (Boolean) row[6])).toList();
    }
}
