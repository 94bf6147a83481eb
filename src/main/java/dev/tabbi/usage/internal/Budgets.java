package dev.tabbi.usage.internal;

import dev.tabbi.platform.ApiException;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Token budgets per API key: a monthly budget (calendar month, UTC) over all its sessions and a cap per session.
 * A new turn past either gets 402 {@code BUDGET_EXCEEDED}; a running turn that goes past one is stopped after the
 * agent's step that did it, and its stream ends with an {@code error} event of that code.
 */
@ApplicationScoped
public class Budgets {
    private static final Logger LOG = Logger.getLogger(Budgets.class.getName());

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    TurnControl turns;

    /** 402 when the key's month or the session is over its budget (the running turn's tokens not yet counted). */
    @Transactional
    public void checkNewTurn(UUID keyId, UUID sessionId) {
        exceeded(keyId, sessionId, 0).ifPresent(reason -> {
            throw new ApiException(402, "BUDGET_EXCEEDED", reason);
        });
    }

    @Transactional
    void onProgress(@Observes TurnProgress progress) {
        if (progress.keyId() == null) {
            return;
        }
        try {
            exceeded(progress.keyId(), progress.sessionId(), progress.inputTokens() + progress.outputTokens())
                    .ifPresent(reason -> {
                        LOG.info("usage.budget_exceeded session_id=" + progress.sessionId() + " key_id=" + progress.keyId());
                        turns.stop(progress.sessionId(), "BUDGET_EXCEEDED", reason);
                    });
        } catch (RuntimeException e) {
            LOG.warning("usage.budget_check_failed session_id=" + progress.sessionId() + " error=\"" + e.getClass().getSimpleName() + "\"");
        }
    }

    /** Why the budget is used up with {@code running} more tokens, if it is. */
    @SuppressWarnings("unchecked")
    private Optional<String> exceeded(UUID keyId, UUID sessionId, long running) {
        List<Object[]> budget = entityManager.createNativeQuery("SELECT monthly_tokens, session_tokens FROM usage_budgets "
                + "WHERE key_id = CAST(?1 AS uuid)").setParameter(1, keyId.toString()).getResultList();
        if (budget.isEmpty()) {
            return Optional.empty();
        }
        Number monthly = (Number) budget.get(0)[0];
        Number perSession = (Number) budget.get(0)[1];
        if (perSession != null) {
            long used = number(entityManager.createNativeQuery("SELECT COALESCE(SUM(input_tokens + output_tokens), 0) "
                    + "FROM usage_sessions WHERE session_id = CAST(?1 AS uuid) AND key_id = CAST(?2 AS uuid)")
                    .setParameter(1, sessionId.toString()).setParameter(2, keyId.toString()).getSingleResult()) + running;
            if (used >= perSession.longValue()) {
                return Optional.of("The session used " + used + " of its " + perSession + " tokens");
            }
        }
        if (monthly != null) {
            long used = number(entityManager.createNativeQuery("SELECT COALESCE(SUM(input_tokens + output_tokens), 0) "
                            + "FROM usage_hourly WHERE key_id = CAST(?1 AS uuid) AND hour >= ?2")
                    .setParameter(1, keyId.toString())
                    .setParameter(2, java.sql.Timestamp.from(LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1)
                            .atStartOfDay(ZoneOffset.UTC).toInstant()))
                    .getSingleResult()) + running;
            if (used >= monthly.longValue()) {
                return Optional.of("This API key used " + used + " of its " + monthly + " tokens this month");
            }
        }
        return Optional.empty();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
