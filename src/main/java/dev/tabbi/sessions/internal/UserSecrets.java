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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Each user's secrets: values written once and never read back through the API or the dashboard (only names and
 * dates are), sealed at rest under the platform's token keys, for sessions to get as environment variables.
 * A value has at least {@value #MIN_VALUE} characters, so that hiding it in what the platform shows is reliable.
 */
@ApplicationScoped
public class UserSecrets {
    static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    static final int MIN_VALUE = 8;
    static final int MAX_VALUE = 32_768;
    static final int MAX_PER_USER = 50;
    /** Variables the agent's own environment sets; a secret of that name would change how the sandbox works. */
    private static final Pattern RESERVED = Pattern.compile("PATH|HOME|LANG|SHELL|USER|PWD|TMPDIR|(XDG|OPENCODE|TABBI|GIT|LD|SSL)_.*");

    /** A secret as its owner sees it: the name and when it was set, never the value. */
    public record Named(String name, Instant createdAt, Instant updatedAt) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    Secrets sealing;

    /** Sets (creates or replaces) a secret; true if it was new. */
    @Transactional
    public boolean put(UUID userId, String name, String value) {
        String checked = checkedName(name);
        if (value == null || value.length() < MIN_VALUE || value.length() > MAX_VALUE) {
            throw Refusal.invalid("value: " + MIN_VALUE + " to " + MAX_VALUE + " characters");
        }
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "secrets:" + userId)
                .getSingleResult();
        boolean exists = !entityManager.createNativeQuery("SELECT 1 FROM user_secrets WHERE user_id = CAST(?1 AS uuid) AND name = ?2")
                .setParameter(1, userId.toString()).setParameter(2, checked).getResultList().isEmpty();
        if (!exists && list(userId).size() >= MAX_PER_USER) {
            throw new Refusal(Refusal.Reason.CONFLICT, "SECRET_LIMIT", "At most " + MAX_PER_USER + " secrets per user; delete one first");
        }
        entityManager.createNativeQuery("INSERT INTO user_secrets (user_id, name, value) VALUES (CAST(?1 AS uuid), ?2, ?3) "
                        + "ON CONFLICT (user_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")
                .setParameter(1, userId.toString()).setParameter(2, checked)
                .setParameter(3, sealing.seal(value, context(userId, checked))).executeUpdate();
        return !exists;
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<Named> list(UUID userId) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT name, created_at, updated_at FROM user_secrets "
                + "WHERE user_id = CAST(?1 AS uuid) ORDER BY name").setParameter(1, userId.toString()).getResultList();
        return rows.stream().map(row -> new Named((String) row[0], SqlValues.instant(row[1]),
                SqlValues.instant(row[2]))).toList();
    }

    /** Deletes a secret; sessions that got it keep it until they end. 404 SECRET_NOT_FOUND if there is none. */
    @Transactional
    public void delete(UUID userId, String name) {
        if (entityManager.createNativeQuery("DELETE FROM user_secrets WHERE user_id = CAST(?1 AS uuid) AND name = ?2")
                .setParameter(1, userId.toString()).setParameter(2, name).executeUpdate() == 0) {
            throw notFound();
        }
    }

    /** The values of the named secrets, in that order; 400 naming the first the user does not have. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, String> values(UUID userId, List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            List<String> sealed = entityManager.createNativeQuery("SELECT value FROM user_secrets WHERE user_id = CAST(?1 AS uuid) "
                    + "AND name = ?2").setParameter(1, userId.toString()).setParameter(2, name).getResultList();
            String value = sealed.isEmpty() ? null : sealing.open(sealed.get(0), context(userId, name)).orElse(null);
            if (value == null) {
                throw Refusal.invalid("secrets: " + name + " is not one of your secrets");
            }
            values.put(name, value);
        }
        return values;
    }

    static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches() || RESERVED.matcher(name).matches()) {
            throw Refusal.invalid("name: an environment variable name (A-Z, 0-9, _; at most 64), not one the sandbox sets "
                    + "itself (PATH, HOME, OPENCODE_…, GIT_…)");
        }
        return name;
    }

    static Refusal notFound() {
        return new Refusal(Refusal.Reason.NOT_FOUND, "SECRET_NOT_FOUND", "No such secret among yours");
    }

    private static String context(UUID userId, String name) {
        return "user-secret:" + userId + ":" + name;
    }
}
