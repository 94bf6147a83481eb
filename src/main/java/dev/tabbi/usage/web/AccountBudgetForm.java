package dev.tabbi.usage.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.platform.PageActions;
import dev.tabbi.usage.internal.Budgets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * The Usage page's account budget: the user's own monthly token budget over all their keys and the dashboard, next
 * to what they used this month. Each request reads it afresh, so the form holds no state between requests.
 */
@Named
@RequestScoped
public class AccountBudgetForm {

    @Inject
    Budgets budgets;

    @Inject
    SignedInUser user;

    private Budgets.Budget budget;
    private Long monthlyTokens;

    @PostConstruct
    void load() {
        budget = budgets.ofUserOverall(user.id());
        monthlyTokens = budget.monthlyTokens();
    }

    public void save() {
        PageActions.attempt(() -> budgets.setUserMonthly(user.id(), monthlyTokens),
                monthlyTokens == null ? "Account budget removed: no monthly limit" : "Account budget saved", "");
        load();
    }

    public long getUsedThisMonth() {
        return budget.usedThisMonth();
    }

    public String getLimit() {
        return budget.monthlyTokens() == null ? "no monthly limit" : budget.monthlyTokens() + " / month";
    }

    public Long getMonthlyTokens() {
        return monthlyTokens;
    }

    public void setMonthlyTokens(Long monthlyTokens) {
        this.monthlyTokens = monthlyTokens;
    }
}
