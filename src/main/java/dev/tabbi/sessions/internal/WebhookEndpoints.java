package dev.tabbi.sessions.internal;

import dev.tabbi.platform.SqlValues;
import dev.tabbi.identity.Secrets;
import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Each user's webhook endpoints: where to, which event types, enabled or not. The signing secret is made here,
 * shown once at creation and stored sealed. Someone else's endpoint is as absent as one that never existed.
 */
@ApplicationScoped
public class WebhookEndpoints {
    static final int MAX_DESCRIPTION = 200;

    /** An endpoint as its owner sees it (never its secret). */
    public record Endpoint(UUID id, String url, String description, List<String> events, boolean enabled,
            String disabledReason, Instant createdAt) {
    }

    /** A new endpoint and its secret, which is shown this once. */
    public record Created(Endpoint endpoint, String secret) {
        @Override
        public String toString() {
            return "Created[endpoint=" + endpoint + ", secret=<hidden>]";
        }
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    Secrets secrets;

    @Inject
    WebhookDestinations destinations;

    @Inject
    WebhooksConfiguration configuration;

    @Transactional
    public Created create(UUID userId, String url, String description, List<String> events) {
        String checkedUrl = destinations.checked(url).toString();
        Set<WebhookEventType> types = WebhookEventType.parse(events);
        String text = description(description);
        // one at a time per user, so two parallel creations cannot both take the last place
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "webhooks:" + userId)
                .getSingleResult();
        long existing = ((Number) entityManager.createNativeQuery("SELECT count(*) FROM webhook_endpoints WHERE user_id = CAST(?1 AS uuid)")
                .setParameter(1, userId.toString()).getSingleResult()).longValue();
        if (existing >= configuration.maxEndpointsPerUser()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "WEBHOOK_LIMIT", "At most " + configuration.maxEndpointsPerUser()
                    + " webhook endpoints per user; delete one first");
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        entityManager.createNativeQuery("INSERT INTO webhook_endpoints (id, user_id, url, description, event_types, secret) "
                        + "VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, ?4, ?5, ?6)")
                .setParameter(1, id.toString()).setParameter(2, userId.toString()).setParameter(3, checkedUrl)
                .setParameter(4, text).setParameter(5, joined(types)).setParameter(6, secrets.seal(secret, context(id)))
                .executeUpdate();
        return new Created(get(userId, id), secret);
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<Endpoint> list(UUID userId) {
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " WHERE user_id = CAST(?1 AS uuid) ORDER BY created_at")
                .setParameter(1, userId.toString()).getResultList();
        return rows.stream().map(WebhookEndpoints::endpoint).toList();
    }

    /** The user's endpoint; 404 WEBHOOK_NOT_FOUND for anyone else's. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Endpoint get(UUID userId, UUID endpointId) {
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " WHERE id = CAST(?1 AS uuid) AND user_id = CAST(?2 AS uuid)")
                .setParameter(1, endpointId.toString()).setParameter(2, userId.toString()).getResultList();
        return rows.stream().findFirst().map(WebhookEndpoints::endpoint).orElseThrow(WebhookEndpoints::notFound);
    }

    /** Changes what is given (null: unchanged); enabling clears the reason it was disabled. */
    @Transactional
    public Endpoint update(UUID userId, UUID endpointId, String url, String description, List<String> events, Boolean enabled) {
        Endpoint current = get(userId, endpointId);
        String newUrl = url == null ? current.url() : destinations.checked(url).toString();
        String newDescription = description == null ? current.description() : description(description);
        String newEvents = events == null ? String.join(",", current.events()) : joined(WebhookEventType.parse(events));
        boolean newEnabled = enabled == null ? current.enabled() : enabled;
        entityManager.createNativeQuery("UPDATE webhook_endpoints SET url = ?1, description = ?2, event_types = ?3, "
                        + "enabled = ?4, disabled_reason = CASE WHEN ?4 THEN NULL ELSE disabled_reason END, updated_at = now() "
                        + "WHERE id = CAST(?5 AS uuid)")
                .setParameter(1, newUrl).setParameter(2, newDescription).setParameter(3, newEvents)
                .setParameter(4, newEnabled).setParameter(5, endpointId.toString()).executeUpdate();
        return get(userId, endpointId);
    }

    /** Removes the endpoint with its undelivered messages and its delivery log. */
    @Transactional
    public void delete(UUID userId, UUID endpointId) {
        get(userId, endpointId);
        entityManager.createNativeQuery("DELETE FROM webhook_endpoints WHERE id = CAST(?1 AS uuid)")
                .setParameter(1, endpointId.toString()).executeUpdate();
    }

    /** The endpoint's signing secret, for a delivery; empty when it cannot be opened (keys rotated away). */
    Optional<String> secret(UUID endpointId, String sealed) {
        return secrets.open(sealed, context(endpointId));
    }

    /** Turns an endpoint off after persistent failure; its owner sees why on the dashboard and in the API. */
    @Transactional
    public void disable(UUID endpointId, String reason) {
        entityManager.createNativeQuery("UPDATE webhook_endpoints SET enabled = false, disabled_reason = ?1, updated_at = now() "
                + "WHERE id = CAST(?2 AS uuid)").setParameter(1, reason).setParameter(2, endpointId.toString()).executeUpdate();
    }

    public static Refusal notFound() {
        return new Refusal(Refusal.Reason.NOT_FOUND, "WEBHOOK_NOT_FOUND", "No such webhook endpoint");
    }

    private static final String SELECT = "SELECT CAST(id AS text), url, description, event_types, enabled, disabled_reason, "
            + "created_at FROM webhook_endpoints";

    private static Endpoint endpoint(Object[] row) {
        return new Endpoint(UUID.fromString((String) row[0]), (String) row[1], (String) row[2],
                Arrays.asList(((String) row[3]).split(",")), (Boolean) row[4], (String) row[5], SqlValues.instant(row[6]));
    }

    private static String joined(Set<WebhookEventType> types) {
        return Arrays.stream(WebhookEventType.values()).filter(types::contains).map(WebhookEventType::wireName)
                .collect(Collectors.joining(","));
    }

    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("description: at most " + MAX_DESCRIPTION + " characters, no control characters");
        }
        return description.strip();
    }

    private static String context(UUID endpointId) {
        return "webhook-secret:" + endpointId;
    }
}
