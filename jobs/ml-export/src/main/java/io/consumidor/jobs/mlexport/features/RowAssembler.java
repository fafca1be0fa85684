package io.consumidor.jobs.mlexport.features;

import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.ActivitySummaries.Measure;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.payload.ReportedFacts;
import io.consumidor.jobs.mlexport.dataset.Dataset;
import io.consumidor.jobs.mlexport.dataset.ProfileFeature;
import io.consumidor.jobs.mlexport.dataset.RatingFeature;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One row of a dataset from what was known at T: the profile as of T, the rating in force at T, the Base C
 * measures ending at T and (for a training set) the label. Values are in the order of {@link Dataset#schema()}.
 * A pure function of its inputs, so a row can be checked by hand.
 */
public final class RowAssembler {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private final Dataset dataset;
    private final LocalDate snapshotDate;
    private final Instant asOf;
    private final List<Measure> measures;
    private final int width;

    public RowAssembler(Dataset dataset, LocalDate snapshotDate, Instant asOf) {
        this.dataset = dataset;
        this.snapshotDate = snapshotDate;
        this.asOf = asOf;
        this.measures = dataset.measures();
        this.width = dataset.schema().columns().size();
    }

    /** @param label 0 or 1 for a training set (null for a scoring set) */
    public Object[] row(String pseudonym, Profile profile, RatingRecord rating, ActivitySummaries.Values activity, Integer label) {
        Object[] row = new Object[width];
        int i = 0;
        row[i++] = pseudonym;
        row[i++] = snapshotDate;
        for (ProfileFeature feature : dataset.profile()) {
            row[i++] = profile(feature, profile);
        }
        for (RatingFeature feature : dataset.rating()) {
            row[i++] = rating == null ? null : rating(feature, rating);
        }
        // measures() lists, per activity window, card count and sum then in/out count and sum; then bureau windows
        int activityMeasures = dataset.activityWindowsDays().size() * 6;
        for (int m = 0; m < activityMeasures; m++) {
            row[i++] = value(measures.get(m), activity);
        }
        if (dataset.daysSinceLastCardPurchase()) {
            Instant last = activity.last().get(EventType.CARD_PURCHASE);
            row[i++] = last == null ? null : Math.toIntExact(Duration.between(last, asOf).toDays());
        }
        for (int m = activityMeasures; m < measures.size(); m++) {
            row[i++] = value(measures.get(m), activity);
        }
        if (dataset.labelled()) {
            row[i++] = Objects.requireNonNull(label, "a training row needs its label");
        }
        return row;
    }

    private static Object value(Measure measure, ActivitySummaries.Values activity) {
        return measure.sumField() == null ? (Object) activity.count(measure.name()) : activity.sum(measure.name());
    }

    private Object profile(ProfileFeature feature, Profile profile) {
        PersonalFacts personal = value(profile.personal());
        DebtSummary debts = value(profile.debts());
        ReportedFacts reported = value(profile.reported());
        return switch (feature) {
            case AGE -> personal == null ? null : snapshotDate.getYear() - personal.birthYear();
            case REGION -> personal == null ? null : personal.region();
            case INCOME_TOTAL -> incomes(personal) == null ? null
                    : incomes(personal).stream().map(IncomeSource::monthlyAmount).reduce(ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_EVEN);
            case INCOME_SOURCE_COUNT -> incomes(personal) == null ? null : incomes(personal).size();
            case INCOME_SOURCES -> incomes(personal) == null ? null
                    : incomes(personal).stream().map(s -> s.kind().name()).distinct().sorted().collect(Collectors.joining(","));
            case INCOME_STABILITY_MONTHS -> incomes(personal) == null ? null : incomes(personal).stream()
                    .map(IncomeSource::since).filter(Objects::nonNull).min(LocalDate::compareTo)
                    .map(since -> (int) ChronoUnit.MONTHS.between(since, snapshotDate)).orElse(null);
            case REPORTED_MONTHLY_INCOME -> reported == null || reported.monthlyIncome() == null ? null : reported.monthlyIncome().setScale(2, RoundingMode.HALF_EVEN);
            case ASSETS_COUNT -> personal == null || personal.assets() == null ? null : personal.assets().size();
            case ASSETS_REAL_ESTATE_VALUE -> assets(personal, Asset.AssetKind.REAL_ESTATE, false);
            case ASSETS_VEHICLE_VALUE -> assets(personal, Asset.AssetKind.VEHICLE, false);
            case ASSETS_INVESTMENT_VALUE -> assets(personal, Asset.AssetKind.INVESTMENT, false);
            case ASSETS_OTHER_VALUE -> assets(personal, Asset.AssetKind.OTHER, false);
            case ASSETS_PAID_OFF_VALUE -> assets(personal, null, true);
            case DEBTS_OPEN_COUNT -> debts == null ? null : debts.openCount();
            case DEBTS_OPEN_TOTAL -> debts == null ? null : debts.openTotal().setScale(2, RoundingMode.HALF_EVEN);
            case DEBTS_DEFAULTED_COUNT -> debts == null ? null : debts.defaultedCount();
            case DEBTS_DEFAULTED_TOTAL -> debts == null ? null : debts.defaultedTotal().setScale(2, RoundingMode.HALF_EVEN);
            case DEBTS_DAYS_OVERDUE -> debts == null ? null : Math.toIntExact(debts.daysOverdueOn(snapshotDate));
        };
    }

    /** Income sources received since on or before T (a source declared to start later is not income at T). */
    private List<IncomeSource> incomes(PersonalFacts personal) {
        if (personal == null || personal.incomeSources() == null) {
            return null;
        }
        return personal.incomeSources().stream().filter(s -> s.since() == null || !s.since().isAfter(snapshotDate)).toList();
    }

    private static BigDecimal assets(PersonalFacts personal, Asset.AssetKind kind, boolean paidOffOnly) {
        if (personal == null || personal.assets() == null) {
            return null;
        }
        return personal.assets().stream().filter(a -> kind == null || a.kind() == kind).filter(a -> !paidOffOnly || a.paidOff())
                .map(Asset::value).reduce(ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_EVEN);
    }

    private static Object rating(RatingFeature feature, RatingRecord rating) {
        return switch (feature) {
            case SCORE -> rating.score();
            case BAND -> rating.band();
            case REASON_CODES -> rating.reasons().stream().map(RatingRecord.Reason::code).collect(Collectors.joining(","));
            case MODEL_VERSION -> rating.modelVersion();
            case RATED_AT -> rating.ratedAt().truncatedTo(ChronoUnit.MICROS);
        };
    }

    private static <T> T value(Fact<T> fact) {
        return fact == null ? null : fact.value();
    }
}
