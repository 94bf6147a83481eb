package dev.tabbi.usage.internal;

import dev.tabbi.platform.Metrics;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sessions.TurnControl;
import dev.tabbi.sessions.TurnProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Token budgets: per API key a monthly budget (calendar month, UTC) and a cap per session, per user a monthly budget
 * over all their keys and the dashboard. What a turn spends is its key's, whichever key created the session; a turn
 * is checked against its key's budgets and its user's. A new turn past one gets 402 {@code BUDGET_EXCEEDED}; a
 * running turn that goes past one is stopped after the agent's step that did it, and its stream ends with an
 * {@code error} event of that code.
 */
@ApplicationScoped
public class Budgets {
    private static final Logger LOG = Logger.getLogger(Budgets.class.getName());
    /** The largest budget accepted: far above any real month, small enough to add up without overflow. */
    public static final long MAX_TOKENS = 1_000_000_000_000L;
    /** {@code tabbi_budget_exceeded_total{turn="new|running"}}: turns refused or stopped by a budget. */
    static final String EXCEEDED = "tabbi_budget_exceeded_total";
    private static final String EXCEEDED_HELP = "Turns refused (new), model calls refused (model_call) or turns stopped (running) by a token budget";

    /** A key's budget ({@code null}: none) and the tokens it used this calendar month (UTC). */
    public record Budget(Long monthlyTokens, Long sessionTokens, long usedThisMonth) {
    }

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    TurnControl turns;

    @Inject
    Metrics metrics;

    @Inject
    UsageMeter meter;

    @Inject
    dev.tabbi.keys.ApiKeys keys;

    /**
     * 402 when the user's month, the key's month or the session is over its budget for a turn sent with
     * {@code keyId} ({@code null}: from the dashboard, which only the user's budget covers).
     */
    @Transactional
    public void checkNewTurn(UUID userId, UUID keyId, UUID sessionId) {
        exceeded(userId, keyId, sessionId, 0).ifPresent(reason -> {
            metrics.increment(EXCEEDED, EXCEEDED_HELP, "turn", "new");
            throw new Refusal(Refusal.Reason.OVER_BUDGET, "BUDGET_EXCEEDED", reason);
        });
    }

    /**
     * The gateway's question before each model call of a session: refused (402) when the user or the session's
     * spending key (see {@link UsageMeter#modelCall}) has used up its month, or the session its cap.
     */
    @Transactional
    public void checkModelCall(UUID sessionId) {
        meter.spenderOf(sessionId).flatMap(spender -> exceeded(spender.userId(), spender.apiKeyId(), sessionId, 0))
                .ifPresent(reason -> {
                    metrics.increment(EXCEEDED, EXCEEDED_HELP, "turn", "model_call");
                    throw new dev.tabbi.sandbox.ModelCallRefused(dev.tabbi.platform.Refusal.Reason.OVER_BUDGET, "BUDGET_EXCEEDED", reason);
                });
    }

    @Transactional
    void onProgress(@Observes TurnProgress progress) {
        try {
            exceeded(progress.userId(), progress.keyId(), progress.sessionId(), progress.inputTokens() + progress.outputTokens())
                    .ifPresent(reason -> {
                        LOG.info("usage.budget_exceeded session_id=" + progress.sessionId() + " key_id=" + progress.keyId());
                        metrics.increment(EXCEEDED, EXCEEDED_HELP, "turn", "running");
                        turns.stop(progress.sessionId(), "BUDGET_EXCEEDED", reason);
                    });
        } catch (RuntimeException e) {
            LOG.warning("usage.budget_check_failed session_id=" + progress.sessionId() + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** The budgets of the user's keys and what each key used this month, by key id (keys without either are absent). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<UUID, Budget> ofUser(UUID userId) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT CAST(k.key_id AS text), b.monthly_tokens, "
                        + "b.session_tokens, COALESCE(m.used, 0) FROM (SELECT key_id FROM usage_budgets WHERE user_id = CAST(?1 AS uuid) "
                        + "UNION SELECT key_id FROM usage_hourly WHERE user_id = CAST(?1 AS uuid) AND hour >= ?2) k "
                        + "LEFT JOIN usage_budgets b ON b.key_id = k.key_id "
                        + "LEFT JOIN (SELECT key_id, SUM(input_tokens + output_tokens) AS used FROM usage_hourly "
                        + "WHERE user_id = CAST(?1 AS uuid) AND hour >= ?2 GROUP BY key_id) m ON m.key_id = k.key_id")
                .setParameter(1, userId.toString()).setParameter(2, java.sql.Timestamp.from(startOfMonth())).getResultList();
        Map<UUID, Budget> budgets = new HashMap<>();
        for (Object[] row : rows) {
            budgets.put(UUID.fromString((String) row[0]), new Budget(longOrNull(row[1]), longOrNull(row[2]), number(row[3])));
        }
        return budgets;
    }

    /**
     * Sets the budgets of one of the user's keys ({@code null}: no limit; both null removes them). Another user's
     * key, or no key, is NOT_FOUND, the same answer, so key ids cannot be probed.
     */
    @Transactional
    public void set(UUID userId, UUID keyId, Long monthlyTokens, Long sessionTokens) {
        check("monthlyTokens", monthlyTokens);
        check("sessionTokens", sessionTokens);
        if (keyId == null || !keys.owns(userId, keyId)) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "NOT_FOUND", "No such API key");
        }
        if (monthlyTokens == null && sessionTokens == null) {
            entityManager.createNativeQuery("DELETE FROM usage_budgets WHERE key_id = CAST(?1 AS uuid) "
                    + "AND user_id = CAST(?2 AS uuid)").setParameter(1, keyId.toString()).setParameter(2, userId.toString())
                    .executeUpdate();
        } else {
            entityManager.createNativeQuery("INSERT INTO usage_budgets (key_id, user_id, monthly_tokens, session_tokens) "
                            + "VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, ?4) "
                            + "ON CONFLICT (key_id) DO UPDATE SET monthly_tokens = EXCLUDED.monthly_tokens, "
                            + "session_tokens = EXCLUDED.session_tokens, updated_at = now()")
                    .setParameter(1, keyId.toString()).setParameter(2, userId.toString())
                    .setParameter(3, monthlyTokens).setParameter(4, sessionTokens).executeUpdate();
        }
        LOG.info("usage.budget_set key_id=" + keyId + " monthly_tokens=" + monthlyTokens + " session_tokens=" + sessionTokens);
    }

    private static void check(String name, Long tokens) {
        if (tokens != null && (tokens < 1 || tokens > MAX_TOKENS)) {
            throw Refusal.invalid(name + ": a whole number of tokens from 1 to " + MAX_TOKENS + ", or none");
        }
    }

    private static java.time.Instant startOfMonth() {
        return LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The user's own monthly budget ({@code null}: none) and what all their keys and the dashboard used this month. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Budget ofUserOverall(UUID userId) {
        List<Object> monthly = entityManager.createNativeQuery("SELECT monthly_tokens FROM usage_user_budgets "
                + "WHERE user_id = CAST(?1 AS uuid)").setParameter(1, userId.toString()).getResultList();
        return new Budget(monthly.isEmpty() ? null : number(monthly.get(0)), null, usedByUser(userId));
    }

    /** Sets ({@code null}: removes) the user's own monthly budget. */
    @Transactional
    public void setUserMonthly(UUID userId, Long monthlyTokens) {
        check("monthlyTokens", monthlyTokens);
        if (monthlyTokens == null) {
            entityManager.createNativeQuery("DELETE FROM usage_user_budgets WHERE user_id = CAST(?1 AS uuid)")
                    .setParameter(1, userId.toString()).executeUpdate();
        } else {
            entityManager.createNativeQuery("INSERT INTO usage_user_budgets (user_id, monthly_tokens) VALUES "
                            + "(CAST(?1 AS uuid), ?2) ON CONFLICT (user_id) DO UPDATE SET "
                            + "monthly_tokens = EXCLUDED.monthly_tokens, updated_at = now()")
                    .setParameter(1, userId.toString()).setParameter(2, monthlyTokens).executeUpdate();
        }
        LOG.info("usage.user_budget_set user_id=" + userId + " monthly_tokens=" + monthlyTokens);
    }

    private long usedByUser(UUID userId) {
        return number(entityManager.createNativeQuery("SELECT COALESCE(SUM(input_tokens + output_tokens), 0) "
                        + "FROM usage_hourly WHERE user_id = CAST(?1 AS uuid) AND hour >= ?2")
                .setParameter(1, userId.toString()).setParameter(2, java.sql.Timestamp.from(startOfMonth()))
                .getSingleResult());
    }

    /** Why a budget is used up with {@code running} more tokens, if one is: the user's, then the key's. */
    @SuppressWarnings("unchecked")
    private Optional<String> exceeded(UUID userId, UUID keyId, UUID sessionId, long running) {
        Budget overall = ofUserOverall(userId);
        if (overall.monthlyTokens() != null && overall.usedThisMonth() + running >= overall.monthlyTokens()) {
            return Optional.of("Your account used " + (overall.usedThisMonth() + running) + " of its "
                    + overall.monthlyTokens() + " tokens this month");
        }
        if (keyId == null) {
            return Optional.empty();
        }
        List<Object[]> budget = entityManager.createNativeQuery("SELECT monthly_tokens, session_tokens FROM usage_budgets "
                + "WHERE key_id = CAST(?1 AS uuid)").setParameter(1, keyId.toString()).getResultList();
        if (budget.isEmpty()) {
            return Optional.empty();
        }
        Number monthly = (Number) budget.get(0)[0];
        Number perSession = (Number) budget.get(0)[1];
        if (perSession != null) {
            long used = number(entityManager.createNativeQuery("SELECT COALESCE(SUM(input_tokens + output_tokens), 0) "
                    + "FROM usage_sessions WHERE session_id = CAST(?1 AS uuid)")
                    .setParameter(1, sessionId.toString()).getSingleResult()) + running;
            if (used >= perSession.longValue()) {
                return Optional.of("The session used " + used + " of its " + perSession + " tokens");
            }
        }
        if (monthly != null) {
            long used = number(entityManager.createNativeQuery("SELECT COALESCE(SUM(input_tokens + output_tokens), 0) "
                            + "FROM usage_hourly WHERE key_id = CAST(?1 AS uuid) AND hour >= ?2")
                    .setParameter(1, keyId.toString())
                    .setParameter(2, java.sql.Timestamp.from(startOfMonth()))
                    .getSingleResult()) + running;
            if (used >= monthly.longValue()) {
                return Optional.of("This API key used " + used + " of its " + monthly + " tokens this month");
            }
        }
        return Optional.empty();
    }

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
