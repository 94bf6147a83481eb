package dev.tabbi.sessions.internal;

import dev.tabbi.platform.Node;
import dev.tabbi.sessions.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The leases on sessions' starts and turns in PostgreSQL ({@code owner_node}, {@code lease_expires_at}): set by
 * {@link SessionStore} when a session moves into {@code starting} or {@code running}, renewed here by the owner,
 * and taken over here by another node once lapsed. A row written by a version without leases counts as lapsed ten
 * minutes after its last change (longer than any turn may run).
 */
@ApplicationScoped
public class SessionLeases {
    /**
     * A lease nobody renews, on a session whose sandbox this node's provider can judge (a parameter of the query: its name): a node
     * of another provider sharing the database would take a sandbox it does not know of for lost.
     */
    /**
     * The condition of a lapsed lease; {@code providerParameter} is the position of the sandbox provider's name in
     * the query (positions must have no gaps: some JPA providers refuse them).
     */
    private static String lapsedWhere(int providerParameter) {
        return "status IN ('starting', 'running') "
                + "AND COALESCE(lease_expires_at, updated_at + interval '10 minutes') < now() "
                + "AND (sandbox_provider IS NULL OR sandbox_provider = ?" + providerParameter + ")";
    }

    /** A session whose start or turn nobody renews any more. */
    public record Lapsed(UUID sessionId, SessionStatus status, String ownerNode) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    Node node;

    @Inject
    SessionsConfiguration configuration;

    @Inject
    dev.tabbi.sandbox.SandboxLifecycle sandboxes;

    /** Renews this node's leases on these sessions; returns the ones it still owns (the others were taken over). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Set<UUID> renew(Collection<UUID> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        List<Object> owned = entityManager.createNativeQuery("UPDATE sessions SET lease_expires_at = now() "
                        + "+ make_interval(secs => ?1) WHERE owner_node = ?2 AND status IN ('starting', 'running') "
                        + "AND id = ANY (CAST(?3 AS uuid[])) RETURNING CAST(id AS text)")
                .setParameter(1, configuration.lease().toSeconds()).setParameter(2, node.id())
                .setParameter(3, array(sessionIds)).getResultList();
        return owned.stream().map(id -> UUID.fromString(id.toString())).collect(Collectors.toSet());
    }

    /** Up to {@code max} sessions whose lease lapsed, oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Lapsed> lapsed(int max) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT CAST(id AS text), status, owner_node FROM sessions "
                + "WHERE " + lapsedWhere(2) + " ORDER BY lease_expires_at LIMIT ?1").setParameter(1, max)
                .setParameter(2, sandboxes.providerName()).getResultList();
        return rows.stream().map(row -> new Lapsed(UUID.fromString((String) row[0]),
                SessionStatus.fromWireName((String) row[1]), (String) row[2])).toList();
    }

    /**
     * Takes a lapsed lease over for this node, if it still is lapsed and in that state: of all the nodes that try
     * at once, exactly one gets it.
     */
    @Transactional
    public boolean takeOver(Lapsed lapsed) {
        return entityManager.createNativeQuery("UPDATE sessions SET owner_node = ?1, lease_expires_at = now() "
                        + "+ make_interval(secs => ?2) WHERE id = CAST(?3 AS uuid) AND status = ?4 AND " + lapsedWhere(5))
                .setParameter(1, node.id()).setParameter(2, configuration.lease().toSeconds())
                .setParameter(3, lapsed.sessionId().toString()).setParameter(4, lapsed.status().wireName())
                .setParameter(5, sandboxes.providerName())
                .executeUpdate() == 1;
    }

    /** Lets this node's leases lapse now (it is shutting down): other nodes reclaim the work at their next check. */
    @Transactional
    public int handOver() {
        return entityManager.createNativeQuery("UPDATE sessions SET lease_expires_at = now() - interval '1 second' "
                + "WHERE owner_node = ?1 AND status IN ('starting', 'running')").setParameter(1, node.id()).executeUpdate();
    }

    /** Lets this node's lease of one session lapse now, for the next check (on any node) to take over again. */
    @Transactional
    public void letLapse(UUID sessionId) {
        entityManager.createNativeQuery("UPDATE sessions SET lease_expires_at = now() - interval '1 second' "
                + "WHERE id = CAST(?1 AS uuid) AND owner_node = ?2").setParameter(1, sessionId.toString())
                .setParameter(2, node.id()).executeUpdate();
    }

    private static String array(Collection<UUID> ids) {
        return "{" + ids.stream().map(UUID::toString).collect(Collectors.joining(",")) + "}";
    }
}
