package dev.tabbi.usage.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.keys.ApiKeyView;
import dev.tabbi.keys.ApiKeys;
import dev.tabbi.platform.PageActions;
import dev.tabbi.usage.internal.Budgets;
import dev.tabbi.usage.internal.UsageReport;
import org.omnifaces.cdi.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Usage page: the signed-in user's sessions, turns, tokens and sandbox minutes per day over a chosen range,
 * the same numbers per key, and each key's token budgets. It reads what {@code GET /v1/usage} reads, for the user
 * rather than a key's owner, so the dashboard needs no API key.
 */
@Named
@ViewScoped(saveInViewState = true) // in the page itself: any node may take the next request
public class UsagePage implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The longest range, as for the API by day. */
    static final int MAX_DAYS = 366;

    /** One row of the per-key table; {@code key} is null for the dashboard's own sessions. */
    public record KeyRow(ApiKeyView key, UsageReport.Amounts usage, Budgets.Budget budget) {
        public String name() {
            return key == null ? "Dashboard" : key.name();
        }

        public double sandboxMinutes() {
            return UsageCharts.minutes(usage.sandboxSeconds());
        }

        public long usedThisMonth() {
            return budget == null ? 0 : budget.usedThisMonth();
        }

        public String monthlyLimit() {
            return budget == null || budget.monthlyTokens() == null ? "no monthly limit" : budget.monthlyTokens() + " / month";
        }

        public String sessionLimit() {
            return budget == null || budget.sessionTokens() == null ? "no cap per session" : budget.sessionTokens() + " per session";
        }
    }

    @Inject
    UsageReport reports;

    @Inject
    Budgets budgets;

    @Inject
    ApiKeys keys;

    @Inject
    SignedInUser user;

    private LocalDate from = today().minusDays(29);
    private LocalDate to = today();
    private int preset = 30;
    /** The range shown: the last one that was valid. */
    private LocalDate shownFrom = from;
    private LocalDate shownTo = to;
    private transient UsageReport.Report report;
    private transient UsageCharts charts;
    private transient List<KeyRow> rows;
    private UUID editing;
    private Long monthlyTokens;
    private Long sessionTokens;

    /** Applies one of the preset ranges (the last n days, today included). */
    public void applyPreset() {
        if (preset > 0) {
            to = today();
            from = to.minusDays(preset - 1L);
            show();
        }
    }

    /** Applies the range picked by date; a range that is backwards or too long is refused with a message. */
    public void applyRange() {
        if (from == null || to == null || from.isAfter(to)) {
            PageActions.fail("Pick a start date on or before the end date");
        } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            PageActions.fail("Pick at most " + MAX_DAYS + " days");
        } else {
            preset = 0;
            show();
        }
    }

    public UsageReport.Amounts getTotals() {
        return report().totals();
    }

    public String getSessionsChart() {
        return charts().sessions();
    }

    public String getTurnsChart() {
        return charts().turns();
    }

    public String getTokensChart() {
        return charts().tokens();
    }

    public String getSandboxChart() {
        return charts().sandboxMinutes();
    }

    public double getSandboxMinutes() {
        return UsageCharts.minutes(getTotals().sandboxSeconds());
    }

    /** Every key of the user's with usage in the range or still usable, and the dashboard's row if it has usage. */
    public List<KeyRow> getRows() {
        if (rows == null) {
            Map<UUID, UsageReport.Amounts> used = new HashMap<>();
            report().keys().forEach(k -> used.put(k.keyId(), k.usage()));
            Map<UUID, Budgets.Budget> budgetOf = budgets.ofUser(user.id());
            UsageReport.Amounts none = new UsageReport.Amounts(0, 0, 0, 0, 0);
            rows = new ArrayList<>();
            Instant now = Instant.now();
            for (ApiKeyView key : keys.list(user.id())) {
                if (key.usable(now) || used.containsKey(key.id())) {
                    rows.add(new KeyRow(key, used.getOrDefault(key.id(), none), budgetOf.get(key.id())));
                }
            }
            if (used.containsKey(null)) {
                rows.add(new KeyRow(null, used.get(null), null));
            }
        }
        return rows;
    }

    /** Opens the budget dialog for one of the user's keys. */
    public void edit(UUID keyId) {
        editing = keyId;
        Budgets.Budget budget = budgets.ofUser(user.id()).get(keyId);
        monthlyTokens = budget == null ? null : budget.monthlyTokens();
        sessionTokens = budget == null ? null : budget.sessionTokens();
    }

    public void saveBudget() {
        change(monthlyTokens, sessionTokens, "Budget saved");
    }

    public void removeBudget() {
        change(null, null, "Budget removed: this key has no token limit");
    }

    private void change(Long monthly, Long perSession, String success) {
        PageActions.attempt(() -> budgets.set(user.id(), editing, monthly, perSession), success,
                "Not found: no such key among yours");
        rows = null;
    }

    private UsageReport.Report report() {
        if (report == null) {
            report = reports.report(user.id(), shownFrom.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    shownTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), "day");
        }
        return report;
    }

    private UsageCharts charts() {
        if (charts == null) {
            charts = new UsageCharts(report(), shownFrom, shownTo);
        }
        return charts;
    }

    private void show() {
        shownFrom = from;
        shownTo = to;
        report = null;
        charts = null;
        rows = null;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }

    /** The range shown, for the page's heading. */
    public String getShownRange() {
        return shownFrom + " to " + shownTo;
    }

    public LocalDate getToday() {
        return today();
    }

    public int getPreset() {
        return preset;
    }

    public void setPreset(int preset) {
        this.preset = preset;
    }

    public Long getMonthlyTokens() {
        return monthlyTokens;
    }

    public void setMonthlyTokens(Long monthlyTokens) {
        this.monthlyTokens = monthlyTokens;
    }

    public Long getSessionTokens() {
        return sessionTokens;
    }

    public void setSessionTokens(Long sessionTokens) {
        this.sessionTokens = sessionTokens;
    }

    public String getEditingName() {
        return getRows().stream().filter(row -> row.key() != null && row.key().id().equals(editing))
                .map(KeyRow::name).findFirst().orElse("");
    }
}
