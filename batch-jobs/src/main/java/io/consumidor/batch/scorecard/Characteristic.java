package io.consumidor.batch.scorecard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The characteristics a scorecard can use, each a value computed from the profile on the rating date, or
 * null when the profile does not tell. The scorecard YAML names them; their bins and points live there.
 */
public enum Characteristic {

    /** Whole years between the birth year and the rating date's year. */
    AGE((p, asOf) -> p.birthYear() == null ? null : BigDecimal.valueOf(asOf.getYear() - p.birthYear())),

    /**
     * Sum of the declared monthly income sources; when none is declared, the reported monthly income; when
     * the profile declares an empty list and nothing is reported, zero (known to have no income, not unknown).
     */
    MONTHLY_INCOME((p, asOf) -> {
        if (p.incomeSources() != null && !p.incomeSources().isEmpty()) {
            return p.incomeSources().stream().map(ProfileFacts.Income::monthlyAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        if (p.reportedIncome() != null) {
            return p.reportedIncome();
        }
        return p.incomeSources() == null ? null : BigDecimal.ZERO;
    }),

    /** Whole years since the oldest declared income source started: stability of income. */
    INCOME_STABILITY_YEARS((p, asOf) -> {
        if (p.incomeSources() == null || p.incomeSources().isEmpty()) {
            return null;
        }
        LocalDate oldest = p.incomeSources().stream().map(ProfileFacts.Income::since).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return oldest == null ? null : BigDecimal.valueOf(Math.max(0, ChronoUnit.YEARS.between(oldest, asOf)));
    }),

    /** Number of declared income sources. */
    INCOME_SOURCES((p, asOf) -> p.incomeSources() == null ? null : BigDecimal.valueOf(p.incomeSources().size())),

    /** Total value of the assets that are paid off. */
    PAID_OFF_ASSETS((p, asOf) -> p.assets() == null ? null : sum(p.assets().stream().filter(ProfileFacts.Asset::paidOff).toList())),

    /** Number of assets still being paid for. */
    FINANCED_ASSETS((p, asOf) -> p.assets() == null ? null
            : BigDecimal.valueOf(p.assets().stream().filter(a -> !a.paidOff()).count())),

    /** Open debts, defaulted ones included. */
    OPEN_DEBTS((p, asOf) -> p.debts() == null ? null : BigDecimal.valueOf(p.debts().openCount())),

    /** Total owed on open debts. */
    TOTAL_OWED((p, asOf) -> p.debts() == null ? null : p.debts().openTotal()),

    /** Debts in default. */
    DEFAULTED_DEBTS((p, asOf) -> p.debts() == null ? null : BigDecimal.valueOf(p.debts().defaultedCount())),

    /** Days the most overdue open debt is past its due date. */
    DAYS_OVERDUE((p, asOf) -> p.debts() == null ? null : BigDecimal.valueOf(p.debts().maxDaysOverdue())),

    /** Bureau queries of the last 90 days (many recent queries: credit being sought in a hurry). */
    RECENT_BUREAU_QUERIES((p, asOf) -> p.recentBureauQueries() == null ? null : BigDecimal.valueOf(p.recentBureauQueries()));

    private final BiFunction<ProfileFacts, LocalDate, BigDecimal> value;

    Characteristic(BiFunction<ProfileFacts, LocalDate, BigDecimal> value) {
        this.value = value;
    }

    /** The characteristic's value for the profile on the rating date; null when unknown. */
    public BigDecimal valueOf(ProfileFacts profile, LocalDate asOf) {
        return value.apply(profile, asOf);
    }

    private static BigDecimal sum(List<ProfileFacts.Asset> assets) {
        return assets.stream().map(ProfileFacts.Asset::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
