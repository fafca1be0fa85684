package io.consumidor.features.rows;

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
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.ProfileFeature;
import io.consumidor.features.dataset.RatingFeature;
import io.consumidor.scorecard.Characteristic;
import io.consumidor.scorecard.Rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One row of a dataset from what was known at T: the profile as of T, the credit history known at T, the rating
 * served at T, the score the current scorecard gives at T, the Base C measures ending at T and (for a training
 * set) the label. Values are in the order of {@link Dataset#schema()}. A pure function of its inputs, so a row
 * can be checked by hand.
 */
public final class RowAssembler {

    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    /**
     * What one row is built from.
     *
     * @param served       the rating in force at T, or null
     * @param history      the credit history known at T (used when the dataset has the family)
     * @param score        the current scorecard's rating of the consumer as known at T (when the dataset has it)
     * @param verdict      the label (a training set); null for a features-only row, whose label columns stay null
     * @param coverageDays days Base C covers before T, or null when it held nothing
     */
    public record Inputs(String pseudonym, Profile profile, RatingRecord served, ActivitySummaries.Values activity,
                         CreditHistory history, Rating score, LabelRules.Verdict verdict, Integer coverageDays) {
    }

    private final Dataset dataset;
    private final LocalDate snapshotDate;
    private final Instant asOf;
    private final List<Measure> activityMeasures;
    private final List<Measure> bureauMeasures;
    private final int width;

    public RowAssembler(Dataset dataset, LocalDate snapshotDate, Instant asOf) {
        this.dataset = dataset;
        this.snapshotDate = snapshotDate;
        this.asOf = asOf;
        this.activityMeasures = dataset.activityMeasures();
        this.bureauMeasures = dataset.bureauMeasures();
        this.width = dataset.schema().columns().size();
    }

    public Object[] row(Inputs in) {
        Object[] row = new Object[width];
        int i = 0;
        row[i++] = in.pseudonym();
        PersonalFacts personal = value(in.profile().personal());
        for (ProfileFeature feature : dataset.profile()) {
            row[i++] = profile(feature, in.profile());
        }
        if (dataset.incomeKinds()) {
            List<IncomeSource> incomes = incomes(personal);
            for (IncomeSource.IncomeKind kind : IncomeSource.IncomeKind.values()) {
                row[i++] = incomes == null ? null : incomes.stream().anyMatch(s -> s.kind() == kind);
            }
        }
        if (dataset.creditHistory() != null) {
            i = history(row, i, in.history(), monthlyIncome(in.profile()));
        }
        for (RatingFeature feature : dataset.rating()) {
            row[i++] = in.served() == null ? null : rating(feature, in.served());
        }
        if (dataset.scoreAtT()) {
            row[i++] = in.score() == null ? null : in.score().score();
            row[i++] = in.score() == null ? null : in.score().band();
            for (Characteristic characteristic : Characteristic.values()) {
                row[i++] = in.score() == null ? null : isReason(in.score(), characteristic);
            }
            row[i++] = in.score() == null ? null : in.score().modelVersion();
        }
        for (Measure measure : activityMeasures) {
            row[i++] = covered(measure, in.coverageDays()) ? value(measure, in.activity()) : null;
        }
        if (dataset.daysSinceLastCardPurchase()) {
            Instant last = in.activity().last().get(EventType.CARD_PURCHASE);
            row[i++] = last == null ? null : Math.toIntExact(Duration.between(last, asOf).toDays());
        }
        for (Measure measure : bureauMeasures) {
            row[i++] = covered(measure, in.coverageDays()) ? value(measure, in.activity()) : null;
        }
        if (dataset.coverage()) {
            row[i++] = in.coverageDays();
        }
        if (dataset.labelled() && in.verdict() != null) {
            // without a verdict (a features-only row: an online lookup, the consistency check) the label stays null
            row[i++] = in.verdict().bad();
            row[i++] = in.verdict().status();
            row[i++] = in.verdict().monthsObserved();
        }
        return row;
    }

    private static boolean isReason(Rating score, Characteristic characteristic) {
        for (Rating.Reason reason : score.reasons()) {
            if (reason.characteristic().equals(characteristic.name())) {
                return true;
            }
        }
        return false;
    }

    private int history(Object[] row, int i, CreditHistory history, BigDecimal monthlyIncome) {
        Dataset.CreditHistoryWindows w = dataset.creditHistory();
        row[i++] = history.historyMonths();
        for (int days : w.pastDueDays()) {
            for (int months : w.pastDueMonths()) {
                row[i++] = history.timesPastDue(days, months);
            }
        }
        row[i++] = history.worstDaysPastDue(w.worstMonths());
        row[i++] = history.monthsSincePastDue(w.pastDueDays().isEmpty() ? 30 : w.pastDueDays().get(0));
        row[i++] = history.monthsSinceDefault();
        for (int months : w.registeredMonths()) {
            row[i++] = history.registered(months);
        }
        row[i++] = history.renegotiatedAtT();
        row[i++] = history.renegotiations(w.renegotiationMonths());
        row[i++] = history.fileAgeMonths();
        for (int months : w.balanceMonths()) {
            row[i++] = history.balanceChange(months);
        }
        row[i++] = history.debtToIncome(monthlyIncome);
        return i;
    }

    /** The declared income received at T when sources are declared, else the income another producer reported. */
    private BigDecimal monthlyIncome(Profile profile) {
        List<IncomeSource> incomes = incomes(value(profile.personal()));
        if (incomes != null && !incomes.isEmpty()) {
            return incomes.stream().map(IncomeSource::monthlyAmount).reduce(ZERO, BigDecimal::add);
        }
        ReportedFacts reported = value(profile.reported());
        return reported == null ? null : reported.monthlyIncome();
    }

    /**
     * Whether Base C's data reach back over the whole window: a count over days before Base C held anything is
     * "no source", not "no events", and is written null — the coverage flag of each windowed column.
     */
    static boolean covered(Measure measure, Integer coverageDays) {
        return coverageDays != null && coverageDays >= measure.days();
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
            case MODEL_VERSION -> rating.modelVersion();
            case RATED_AT -> rating.ratedAt().truncatedTo(ChronoUnit.MICROS);
        };
    }

    private static <T> T value(Fact<T> fact) {
        return fact == null ? null : fact.value();
    }
}
