package io.consumidor.scorecard;

import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.IncomeSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The characteristics a scorecard can use, each a value computed from the profile on the rating date, or
 * null when the profile does not tell. The scorecard YAML names them; their bins and points live there. Each
 * declares where in the contract its value comes from ({@link #sources()}); {@code CharacteristicSourcesTest}
 * fails for a source the contract does not define, and for a characteristic that stays unknown on a complete
 * profile written through the contract's codec.
 */
public enum Characteristic {

    /** Whole years between the birth year and the rating date's year. */
    AGE(List.of(Source.of(ProfileGroup.PERSONAL, "birthYear")),
            (p, asOf) -> p.birthYear() == null ? null : BigDecimal.valueOf(asOf.getYear() - p.birthYear())),

    /**
     * Sum of the declared monthly income sources; when none is declared, the reported monthly income; when
     * the profile declares an empty list and nothing is reported, zero (known to have no income, not unknown).
     */
    MONTHLY_INCOME(List.of(Source.of(ProfileGroup.PERSONAL, "incomeSources"), Source.of(ProfileGroup.REPORTED_FACTS, "monthlyIncome")), (p, asOf) -> {
        if (p.incomeSources() != null && !p.incomeSources().isEmpty()) {
            return p.incomeSources().stream().map(IncomeSource::monthlyAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        if (p.reportedIncome() != null) {
            return p.reportedIncome();
        }
        return p.incomeSources() == null ? null : BigDecimal.ZERO;
    }),

    /** Whole years since the oldest declared income source started: stability of income. */
    INCOME_STABILITY_YEARS(List.of(Source.of(ProfileGroup.PERSONAL, "incomeSources")), (p, asOf) -> {
        if (p.incomeSources() == null || p.incomeSources().isEmpty()) {
            return null;
        }
        LocalDate oldest = p.incomeSources().stream().map(IncomeSource::since).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        return oldest == null ? null : BigDecimal.valueOf(Math.max(0, ChronoUnit.YEARS.between(oldest, asOf)));
    }),

    /** Number of declared income sources. */
    INCOME_SOURCES(List.of(Source.of(ProfileGroup.PERSONAL, "incomeSources")),
            (p, asOf) -> p.incomeSources() == null ? null : BigDecimal.valueOf(p.incomeSources().size())),

    /** Total value of the assets that are paid off. */
    PAID_OFF_ASSETS(List.of(Source.of(ProfileGroup.PERSONAL, "assets")),
            (p, asOf) -> p.assets() == null ? null : sum(p.assets().stream().filter(Asset::paidOff).toList())),

    /** Number of assets still being paid for. */
    FINANCED_ASSETS(List.of(Source.of(ProfileGroup.PERSONAL, "assets")), (p, asOf) -> p.assets() == null ? null
            : BigDecimal.valueOf(p.assets().stream().filter(a -> !a.paidOff()).count())),

    /** Unsettled debts, defaulted ones included. */
    OPEN_DEBTS(List.of(Source.of(ProfileGroup.DEBT_SUMMARY, "openCount"), Source.of(ProfileGroup.DEBT_SUMMARY, "defaultedCount")),
            (p, asOf) -> p.debts() == null ? null : BigDecimal.valueOf(p.debts().unsettledCount())),

    /** Total owed on unsettled debts, defaulted ones included. */
    TOTAL_OWED(List.of(Source.of(ProfileGroup.DEBT_SUMMARY, "openTotal"), Source.of(ProfileGroup.DEBT_SUMMARY, "defaultedTotal")),
            (p, asOf) -> p.debts() == null ? null : p.debts().unsettledTotal()),

    /** Debts in default. */
    DEFAULTED_DEBTS(List.of(Source.of(ProfileGroup.DEBT_SUMMARY, "defaultedCount")),
            (p, asOf) -> p.debts() == null ? null : BigDecimal.valueOf(p.debts().defaultedCount())),

    /**
     * Days the oldest unpaid debt is past its due date on the rating date — counted then, not when Base A
     * wrote the summary, so an unchanged profile moves to the next bin as the days pass.
     */
    DAYS_OVERDUE(List.of(Source.of(ProfileGroup.DEBT_SUMMARY, "oldestUnpaidDueDate")),
            (p, asOf) -> p.debts() == null ? null : BigDecimal.valueOf(p.debts().daysOverdueOn(asOf))),

    /**
     * Bureau queries in the {@value #RECENT_QUERY_DAYS} days up to the rating date, counted in Base C (many
     * recent queries: credit being sought in a hurry).
     */
    RECENT_BUREAU_QUERIES(List.of(Source.activity(EventType.BUREAU_QUERY, Characteristic.RECENT_QUERY_DAYS)),
            (p, asOf) -> p.recentBureauQueries() == null ? null : BigDecimal.valueOf(p.recentBureauQueries()));

    /** The window of {@link #RECENT_BUREAU_QUERIES}. */
    public static final int RECENT_QUERY_DAYS = 90;

    /**
     * Where a characteristic's value comes from: a field of a Base B profile group, or a count of Base C
     * events of a type over the days up to the rating date.
     */
    public record Source(ProfileGroup group, String field, EventType activity, int days) {

        static Source of(ProfileGroup group, String field) {
            return new Source(group, field, null, 0);
        }

        static Source activity(EventType type, int days) {
            return new Source(null, null, type, days);
        }
    }

    private final List<Source> sources;
    private final BiFunction<ProfileFacts, LocalDate, BigDecimal> value;

    Characteristic(List<Source> sources, BiFunction<ProfileFacts, LocalDate, BigDecimal> value) {
        this.sources = sources;
        this.value = value;
    }

    public List<Source> sources() {
        return sources;
    }

    /** The characteristic's value for the profile on the rating date; null when unknown. */
    public BigDecimal valueOf(ProfileFacts profile, LocalDate asOf) {
        return value.apply(profile, asOf);
    }

    private static BigDecimal sum(List<Asset> assets) {
        return assets.stream().map(Asset::value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
