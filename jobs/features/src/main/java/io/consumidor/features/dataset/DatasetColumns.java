package io.consumidor.features.dataset;

import io.consumidor.basec.ActivitySummaries.Measure;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.features.dataset.Dataset.CreditHistoryWindows;
import io.consumidor.features.dataset.Dataset.Renegotiation;
import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.Column.Role;
import io.consumidor.features.schema.ColumnType;
import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.scorecard.Characteristic;

import java.util.ArrayList;
import java.util.List;

import static io.consumidor.features.dataset.Dataset.*;

/**
 * A dataset's columns in file order, each documented where it is declared: its type, what it means and what its
 * null means, where it comes from and over which window, and its role. What {@link Dataset#schema()} answers; the
 * footer, the manifest and the README's table (checked by {@code ReadmeColumnsTest}) are all written from it.
 */
final class DatasetColumns {

    private static final String BASE_C = "Base C events (occurredAt and recordedAt <= T)";
    private static final String DEBT_HISTORY = "Base B profileHistory, group debtSummary (occurredAt and recordedAt <= T)";
    private static final String NO_HISTORY = "; null: no debt summary known at T (no source, not 'never')";

    private static final String SCORE_SOURCE = "the current scorecard over the profile and the bureau queries known at T";

    private DatasetColumns() {
    }

    /** {@link Dataset#readsBaseC}: by the column's source, as this class writes it. */
    static boolean readsBaseC(Column column) {
        return column.source().startsWith("Base C") || column.source().equals(SCORE_SOURCE);
    }

    static DatasetSchema of(Dataset d) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(PSEUDONYM, ColumnType.STRING, false,
                "the consumer's pseudonym in this dataset only: HMAC-SHA-256 under the dataset's key (manifest: pseudonymKeyId), 128 bits, hex",
                "Base B subject, keyed per dataset", "", Role.KEY));
        for (ProfileFeature feature : d.profile()) {
            columns.add(new Column(feature.column(), feature.type(), true, feature.meaning(), feature.source(), "as of T"));
        }
        if (d.incomeKinds()) {
            for (IncomeSource.IncomeKind kind : IncomeSource.IncomeKind.values()) {
                columns.add(new Column(incomeKind(kind), ColumnType.BOOLEAN, true, "whether an income source of kind " + kind
                        + " is received at T (null: income sources unknown)", ProfileFeature.INCOME_TOTAL.source(), "as of T"));
            }
        }
        if (d.creditHistory() != null) {
            creditHistoryColumns(d, columns);
        }
        for (RatingFeature feature : d.rating()) {
            columns.add(new Column(feature.column(), feature.type(), true, feature.meaning(), "Base B ratingHistory (ratedAt <= T)",
                    "as of T", feature.lineage() ? Role.LINEAGE : Role.FEATURE));
        }
        if (d.scoreAtT()) {
            String source = SCORE_SOURCE;
            columns.add(new Column(SCORE_AT_T, ColumnType.INT, true, "credit score 0-1000 the current scorecard gives the consumer as"
                    + " known at T: the number training and scoring both see, computed the same way (null: a profile value the"
                    + " scorecard refuses, which the rating job skips too)", source, "as of T"));
            columns.add(new Column(SCORE_AT_T_BAND, ColumnType.STRING, true, "its band", source, "as of T"));
            for (Characteristic characteristic : Characteristic.values()) {
                columns.add(new Column(scoreReason(characteristic), ColumnType.BOOLEAN, true, "whether " + characteristic + " is among"
                        + " the reasons of score_at_t — the characteristics that cost it the most points, as many as the scorecard"
                        + " names (one-hot; false also when the scorecard has no such characteristic; null with the score)", source, "as of T"));
            }
            columns.add(new Column(SCORE_AT_T_MODEL, ColumnType.STRING, true, "the scorecard version that computed it", source, "",
                    Role.LINEAGE));
        }
        for (Measure measure : d.activityMeasures()) {
            String window = "(T - " + measure.days() + " days, T]";
            String what = measure.type() == EventType.CARD_PURCHASE ? "card purchases"
                    : "movements " + ("IN".equals(measure.value()) ? "into" : "out of") + " the consumer's accounts";
            String source = BASE_C + ", " + measure.type().wireName();
            columns.add(measure.sumField() == null ? new Column(measure.name(), ColumnType.LONG, true, what + notCovered(measure), source, window)
                    : new Column(measure.name(), ColumnType.MONEY, true, "their total amount, BRL" + notCovered(measure), source, window));
        }
        if (d.daysSinceLastCardPurchase()) {
            columns.add(new Column(DAYS_SINCE_LAST_CARD_PURCHASE, ColumnType.INT, true,
                    "whole days from the newest card purchase to T (null: none by T)", BASE_C + ", card.purchase", "up to T"));
        }
        for (Measure measure : d.bureauMeasures()) {
            columns.add(new Column(measure.name(), ColumnType.LONG, true, (measure.value() == null ? "bureau queries about the consumer"
                    : "bureau queries about the consumer with purpose '" + measure.value() + "'") + notCovered(measure), BASE_C + ", bureau.query",
                    "(T - " + measure.days() + " days, T]"));
        }
        if (d.coverage()) {
            columns.add(new Column(BASE_C_COVERAGE_DAYS, ColumnType.INT, true, "whole days from the oldest event Base C held by T (any"
                    + " consumer) to T: the Base C columns of a longer window are null (no source), not zero"
                    + " (null: Base C held nothing by T); one value per run, growing with T: lineage, not a feature to fit on",
                    "Base C, all events (recordedAt <= T)", "up to T", Role.LINEAGE));
        }
        if (d.labelled()) {
            String window = "(T, T + " + d.label().horizonMonths() + " months]";
            String source = "Base B profileHistory, group debtSummary (occurredAt in the window, recordedAt <= observedUntil)";
            columns.add(new Column(LABEL, ColumnType.INT, true, "1 when the consumer went bad in the performance window (a default of"
                    + " " + d.label().materiality() + " BRL or more, or " + d.label().badDaysPastDue() + "+ days past due with that much overdue"
                    + (d.label().renegotiation() == Renegotiation.BAD ? ", or a renegotiation" : "") + "), else 0; null while the window"
                    + " is open (label_status open)", source, window, Role.LABEL));
            columns.add(new Column(LABEL_STATUS, ColumnType.STRING, false, "final: the window and the " + d.label().maturityBufferDays()
                    + "-day maturity buffer closed by observedUntil; open: not yet, no label", source, window, Role.LABEL));
            columns.add(new Column(MONTHS_OBSERVED, ColumnType.INT, false, "whole months of the window observed by observedUntil",
                    source, window, Role.LABEL));
        }
        return new DatasetSchema(d.name(), d.version(), columns);
    }

    /** The null meaning of a Base C window: no source over the whole window (RowAssembler writes it so). */
    private static String notCovered(Measure measure) {
        return " (0: none; null: Base C's data began less than " + measure.days() + " days before T, so the window has no source"
                + " over its whole length — base_c_coverage_days)";
    }

    private static void creditHistoryColumns(Dataset d, List<Column> columns) {
        CreditHistoryWindows w = d.creditHistory();
        columns.add(new Column(DEBT_HISTORY_MONTHS, ColumnType.INT, true, "whole months from the first debt summary known at T to T:"
                + " how far back the credit-history columns can see" + NO_HISTORY, DEBT_HISTORY, "up to T"));
        for (int days : w.pastDueDays()) {
            for (int months : w.pastDueMonths()) {
                columns.add(new Column(timesPastDue(days, months), ColumnType.INT, true, "delinquency spells (by the oldest unpaid due"
                        + " date) that reached " + days + "+ days past due on a day of the window" + NO_HISTORY, DEBT_HISTORY,
                        "(T - " + months + " months, T]"));
            }
        }
        columns.add(new Column(worstDaysPastDue(w.worstMonths()), ColumnType.INT, true, "the most days past due on any day of the window"
                + " (0: never overdue)" + NO_HISTORY, DEBT_HISTORY, "(T - " + w.worstMonths() + " months, T]"));
        int firstThreshold = w.pastDueDays().isEmpty() ? 30 : w.pastDueDays().get(0);
        columns.add(new Column(monthsSincePastDue(firstThreshold), ColumnType.INT, true, "whole months from the last day " + firstThreshold
                + "+ days past due to T (0: at T; null: never, as far as the history goes)", DEBT_HISTORY, "up to T"));
        columns.add(new Column(MONTHS_SINCE_DEFAULT, ColumnType.INT, true, "whole months from the last day a debt was in default to T"
                + " (0: in default at T; null: never, as far as the history goes)", DEBT_HISTORY, "up to T"));
        for (int months : w.registeredMonths()) {
            columns.add(new Column(debtsRegistered(months), ColumnType.INT, true, "debts registered in Base A in the window (settled ones"
                    + " included)" + NO_HISTORY + " or a summary older than the count", DEBT_HISTORY, "(T - " + months + " months, T]"));
        }
        columns.add(new Column(DEBTS_RENEGOTIATED, ColumnType.INT, true, "open debts that are renegotiated at T" + NO_HISTORY,
                DEBT_HISTORY, "as of T"));
        columns.add(new Column(renegotiations(w.renegotiationMonths()), ColumnType.INT, true, "renegotiations registered in the window"
                + NO_HISTORY + " or a summary older than the count", DEBT_HISTORY, "(T - " + w.renegotiationMonths() + " months, T]"));
        columns.add(new Column(FILE_AGE_MONTHS, ColumnType.INT, true, "whole months from the first summary showing a debt to T (the"
                + " credit file's age; null: no debt known at T)", DEBT_HISTORY, "up to T"));
        for (int months : w.balanceMonths()) {
            columns.add(new Column(balanceChange(months), ColumnType.MONEY, true, "unsettled total at T less the unsettled total "
                    + months + " months before, BRL (null: the history does not reach back that far)", DEBT_HISTORY,
                    "T vs T - " + months + " months"));
        }
        columns.add(new Column(DEBT_TO_INCOME, ColumnType.DOUBLE, true, "unsettled total at T over the monthly income (declared"
                + " sources received at T, else the reported income), 4 decimals (null: no debt summary or no positive income)",
                DEBT_HISTORY + "; profile", "as of T"));
    }
}
