package dev.tabbi.usage.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.ModelCallAdmission;
import dev.tabbi.sandbox.ModelCallRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Budgets and rate limits hold at the model gateway too: a session whose key is over budget, or whose agent calls
 * its model more often than {@code RATE_LIMIT_MODEL_CALLS_PER_MINUTE}, gets no further model call.
 */
@ApplicationScoped
public class ModelCallLimits implements ModelCallAdmission {

    @Inject
    Budgets budgets;

    @Inject
    RateLimits rateLimits;

    @Override
    public void admit(UUID sessionId) {
        budgets.checkModelCall(sessionId);
        try {
            rateLimits.forModelCall(sessionId);
        } catch (Refusal refused) {
            throw new ModelCallRefused(refused.reason(), refused.code(), refused.getMessage());
        }
    }
}
