package io.consumidor.jobs.mlexport.dataset;

import io.consumidor.basec.ActivitySummaries.Measure;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.jobs.mlexport.parquet.Column;
import io.consumidor.jobs.mlexport.parquet.Column.Role;
import io.consumidor.jobs.mlexport.parquet.ColumnType;
import io.consumidor.jobs.mlexport.parquet.DatasetSchema;
import io.consumidor.scorecard.Characteristic;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checked dataset definition: its features resolved against the catalog, its columns in file order (the key,
 * profile features, credit history, the served rating, the score as of T, Base C activity and bureau queries,
 * coverage, then the label) and a hash of its canonical form, which the manifest carries so a reader can tell
 * two runs of the same definition from runs of two. The snapshot date is not a column of the files: it is the
 * {@code snapshot_date=} directory, which every Hive-partitioning reader turns into the column (one in both
 * places is the conflict that made pandas and pyarrow refuse the folder).
 *
 * @param creditHistory absent when the dataset has no credit-history features
 * @param population    who is in at T; absent: everyone known at T (a scoring set)
 * @param label         absent for a scoring set
 */
public record Dataset(String name, int version, String description, ZoneId zone, String pseudonymKeyId,
                      List<ProfileFeature> profile, boolean incomeKinds, List<RatingFeature> rating, boolean scoreAtT,
                      CreditHistoryWindows creditHistory, List<Integer> activityWindowsDays, List<Integer> bureauQueryWindowsDays,
                      List<String> bureauQueryPurposes, boolean daysSinceLastCardPurchase, boolean coverage,
                      Population population, Label label) {

    public static final String PSEUDONYM = "pseudonym";
    /** The Hive partition key of every run's directory (a column for every reader of the folder, not of the files). */
    public static final String SNAPSHOT_DATE = "snapshot_date";
    public static final String LABEL = "label_bad";
    public static final String LABEL_STATUS = "label_status";
    public static final String MONTHS_OBSERVED = "months_observed";
    public static final String DAYS_SINCE_LAST_CARD_PURCHASE = "days_since_last_card_purchase";
    public static final String SCORE_AT_T = "score_at_t";
    public static final String SCORE_AT_T_BAND = "score_at_t_band";
    public static final String SCORE_AT_T_MODEL = "score_at_t_model_version";
    public static final String DEBT_HISTORY_MONTHS = "debt_history_months";
    public static final String BASE_C_COVERAGE_DAYS = "base_c_coverage_days";
    /** The internal measure the score as of T counts its recent bureau queries with (the rating job's window). */
    public static final Measure SCORE_QUERIES = new Measure("score_recent_bureau_queries", EventType.BUREAU_QUERY, null, null,
            Characteristic.RECENT_QUERY_DAYS, null);
    /** Bumped when the code of the label, population or feature rules changes meaning (base-c-coverage: a window Base C does not cover is null): part of the definition hash. */
    public static final String RULES_VERSION = "label-rules-2/credit-history-1/base-c-coverage-1";
    private static final String BASE_C = "Base C events (occurredAt and recordedAt <= T)";
    private static final String DEBT_HISTORY = "Base B profileHistory, group debtSummary (occurredAt and recordedAt <= T)";
    private static final String NO_HISTORY = "; null: no debt summary known at T (no source, not 'never')";

    public enum Renegotiation { BAD, CURES }

    public enum Incomplete { REFUSE, KEEP }

    /**
     * @param exposureWithinMonths    0: a debt unsettled at T; N: at some instant of the N months up to T
     * @param excludeBadAtObservation leave out who is already bad at T (the label's own rule, at T)
     */
    public record Population(int exposureWithinMonths, boolean excludeBadAtObservation) {
    }

    /**
     * @param horizonMonths      the performance window (T, T + h]
     * @param badDaysPastDue     days past due from which a debt is bad
     * @param materiality        BRL: a default or an overdue amount below it is not bad
     * @param renegotiation      whether a renegotiation in the window is bad, or cures like a payment
     * @param maturityBufferDays days after the window's end for late reports before the label is final
     * @param incomplete         refuse to export a snapshot whose label is not final, or keep its rows unlabelled
     */
    public record Label(String kind, int horizonMonths, int badDaysPastDue, BigDecimal materiality, Renegotiation renegotiation,
                        int maturityBufferDays, Incomplete incomplete) {
        public static final String DEFAULT_OR_90_DAYS_OVERDUE = "default-or-90-days-overdue";
        public static final int DEFAULT_BAD_DAYS_PAST_DUE = 90;
    }

    /** The windows of the credit-history family (see {@code CreditHistory}). */
    public record CreditHistoryWindows(List<Integer> pastDueDays, List<Integer> pastDueMonths, int worstMonths,
                                       List<Integer> registeredMonths, int renegotiationMonths, List<Integer> balanceMonths) {
        public CreditHistoryWindows {
            pastDueDays = List.copyOf(pastDueDays);
            pastDueMonths = List.copyOf(pastDueMonths);
            registeredMonths = List.copyOf(registeredMonths);
            balanceMonths = List.copyOf(balanceMonths);
        }
    }

    public Dataset {
        profile = List.copyOf(profile);
        rating = List.copyOf(rating);
        activityWindowsDays = List.copyOf(activityWindowsDays);
        bureauQueryWindowsDays = List.copyOf(bureauQueryWindowsDays);
        bureauQueryPurposes = List.copyOf(bureauQueryPurposes);
    }

    public boolean labelled() {
        return label != null;
    }

    /** The Base C measures, named as their columns (and the score's own, when it has one), in column order. */
    public List<Measure> measures() {
        List<Measure> measures = new ArrayList<>(activityMeasures());
        measures.addAll(bureauMeasures());
        if (scoreAtT) {
            measures.add(SCORE_QUERIES);
        }
        return measures;
    }

    /** Per activity window: card count and sum, then in and out movement count and sum. */
    public List<Measure> activityMeasures() {
        List<Measure> measures = new ArrayList<>();
        for (int days : activityWindowsDays) {
            measures.add(new Measure(cardCount(days), EventType.CARD_PURCHASE, null, null, days, null));
            measures.add(new Measure(cardSum(days), EventType.CARD_PURCHASE, null, null, days, CardPurchase.AMOUNT));
            for (FinancialMovement.Direction direction : FinancialMovement.Direction.values()) {
                measures.add(new Measure(movementCount(direction, days), EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION,
                        direction.name(), days, null));
                measures.add(new Measure(movementSum(direction, days), EventType.FINANCIAL_MOVEMENT, FinancialMovement.DIRECTION,
                        direction.name(), days, FinancialMovement.AMOUNT));
            }
        }
        return measures;
    }

    /** Bureau-query counts per window, then per purpose and window. */
    public List<Measure> bureauMeasures() {
        List<Measure> measures = new ArrayList<>();
        for (int days : bureauQueryWindowsDays) {
            measures.add(new Measure(bureauQueries(days), EventType.BUREAU_QUERY, null, null, days, null));
        }
        for (String purpose : bureauQueryPurposes) {
            for (int days : bureauQueryWindowsDays) {
                measures.add(new Measure(bureauQueries(purpose, days), EventType.BUREAU_QUERY, BureauQuery.PURPOSE, purpose, days, null));
            }
        }
        return measures;
    }

    public static String cardCount(int days) {
        return "card_purchases_count_" + days + "d";
    }

    public static String cardSum(int days) {
        return "card_purchases_sum_" + days + "d";
    }

    public static String movementCount(FinancialMovement.Direction direction, int days) {
        return "movements_" + direction.name().toLowerCase(Locale.ROOT) + "_count_" + days + "d";
    }

    public static String movementSum(FinancialMovement.Direction direction, int days) {
        return "movements_" + direction.name().toLowerCase(Locale.ROOT) + "_sum_" + days + "d";
    }

    public static String bureauQueries(int days) {
        return "bureau_queries_" + days + "d";
    }

    public static String bureauQueries(String purpose, int days) {
        return "bureau_queries_" + purpose.replace('-', '_') + "_" + days + "d";
    }

    public static String incomeKind(IncomeSource.IncomeKind kind) {
        return "income_kind_" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** One-hot of score_at_t's reasons: one column per characteristic a scorecard can have. */
    public static String scoreReason(Characteristic characteristic) {
        return SCORE_AT_T + "_reason_" + characteristic.name().toLowerCase(Locale.ROOT);
    }

    public static String timesPastDue(int days, int months) {
        return "times_" + days + "dpd_" + months + "m";
    }

    public static String worstDaysPastDue(int months) {
        return "worst_dpd_" + months + "m";
    }

    public static String monthsSincePastDue(int days) {
        return "months_since_" + days + "dpd";
    }

    public static final String MONTHS_SINCE_DEFAULT = "months_since_default";
    public static final String DEBTS_RENEGOTIATED = "debts_renegotiated_count";
    public static final String FILE_AGE_MONTHS = "file_age_months";
    public static final String DEBT_TO_INCOME = "debt_to_income";

    public static String debtsRegistered(int months) {
        return "debts_registered_" + months + "m";
    }

    public static String renegotiations(int months) {
        return "renegotiations_" + months + "m";
    }

    public static String balanceChange(int months) {
        return "balance_change_" + months + "m";
    }

    public DatasetSchema schema() {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(PSEUDONYM, ColumnType.STRING, false,
                "the consumer's pseudonym in this dataset only: HMAC-SHA-256 under the dataset's key (manifest: pseudonymKeyId), 128 bits, hex",
                "Base B subject, keyed per dataset", "", Role.KEY));
        for (ProfileFeature feature : profile) {
            columns.add(new Column(feature.column(), feature.type(), true, feature.meaning(), feature.source(), "as of T"));
        }
        if (incomeKinds) {
            for (IncomeSource.IncomeKind kind : IncomeSource.IncomeKind.values()) {
                columns.add(new Column(incomeKind(kind), ColumnType.BOOLEAN, true, "whether an income source of kind " + kind
                        + " is received at T (null: income sources unknown)", ProfileFeature.INCOME_TOTAL.source(), "as of T"));
            }
        }
        if (creditHistory != null) {
            creditHistoryColumns(columns);
        }
        for (RatingFeature feature : rating) {
            columns.add(new Column(feature.column(), feature.type(), true, feature.meaning(), "Base B ratingHistory (ratedAt <= T)",
                    "as of T", feature.lineage() ? Role.LINEAGE : Role.FEATURE));
        }
        if (scoreAtT) {
            String source = "the current scorecard over the profile and the bureau queries known at T";
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
        for (Measure measure : activityMeasures()) {
            String window = "(T - " + measure.days() + " days, T]";
            String what = measure.type() == EventType.CARD_PURCHASE ? "card purchases"
                    : "movements " + ("IN".equals(measure.value()) ? "into" : "out of") + " the consumer's accounts";
            String source = BASE_C + ", " + measure.type().wireName();
            columns.add(measure.sumField() == null ? new Column(measure.name(), ColumnType.LONG, true, what + notCovered(measure), source, window)
                    : new Column(measure.name(), ColumnType.MONEY, true, "their total amount, BRL" + notCovered(measure), source, window));
        }
        if (daysSinceLastCardPurchase) {
            columns.add(new Column(DAYS_SINCE_LAST_CARD_PURCHASE, ColumnType.INT, true,
                    "whole days from the newest card purchase to T (null: none by T)", BASE_C + ", card.purchase", "up to T"));
        }
        for (Measure measure : bureauMeasures()) {
            columns.add(new Column(measure.name(), ColumnType.LONG, true, (measure.value() == null ? "bureau queries about the consumer"
                    : "bureau queries about the consumer with purpose '" + measure.value() + "'") + notCovered(measure), BASE_C + ", bureau.query",
                    "(T - " + measure.days() + " days, T]"));
        }
        if (coverage) {
            columns.add(new Column(BASE_C_COVERAGE_DAYS, ColumnType.INT, true, "whole days from the oldest event Base C held by T (any"
                    + " consumer) to T: the Base C columns of a longer window are null (no source), not zero"
                    + " (null: Base C held nothing by T); one value per run, growing with T: lineage, not a feature to fit on",
                    "Base C, all events (recordedAt <= T)", "up to T", Role.LINEAGE));
        }
        if (labelled()) {
            String window = "(T, T + " + label.horizonMonths() + " months]";
            String source = "Base B profileHistory, group debtSummary (occurredAt in the window, recordedAt <= observedUntil)";
            columns.add(new Column(LABEL, ColumnType.INT, true, "1 when the consumer went bad in the performance window (a default of"
                    + " " + label.materiality() + " BRL or more, or " + label.badDaysPastDue() + "+ days past due with that much overdue"
                    + (label.renegotiation() == Renegotiation.BAD ? ", or a renegotiation" : "") + "), else 0; null while the window"
                    + " is open (label_status open)", source, window, Role.LABEL));
            columns.add(new Column(LABEL_STATUS, ColumnType.STRING, false, "final: the window and the " + label.maturityBufferDays()
                    + "-day maturity buffer closed by observedUntil; open: not yet, no label", source, window, Role.LABEL));
            columns.add(new Column(MONTHS_OBSERVED, ColumnType.INT, false, "whole months of the window observed by observedUntil",
                    source, window, Role.LABEL));
        }
        return new DatasetSchema(name, version, columns);
    }

    /** The null meaning of a Base C window: no source over the whole window (RowAssembler writes it so). */
    private static String notCovered(Measure measure) {
        return " (0: none; null: Base C's data began less than " + measure.days() + " days before T, so the window has no source"
                + " over its whole length — base_c_coverage_days)";
    }

    private void creditHistoryColumns(List<Column> columns) {
        CreditHistoryWindows w = creditHistory;
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

    /**
     * The definition in canonical form: every setting that shapes a row, the label's and the population's
     * constants included, and the rules' code version, as a key-sorted map. What the manifest shows and hashes.
     */
    public Map<String, Object> canonical() {
        Map<String, Object> form = new TreeMap<>();
        form.put("name", name);
        form.put("version", version);
        form.put("zone", zone.getId());
        form.put("pseudonymKeyId", pseudonymKeyId);
        form.put("rules", RULES_VERSION);
        form.put("columns", schema().columns().stream().map(c -> c.name() + ":" + c.type() + ":" + c.role()).toList());
        form.put("bureauQueryPurposes", bureauQueryPurposes);
        form.put("population", population == null ? null : new TreeMap<>(Map.of("exposureWithinMonths", population.exposureWithinMonths(),
                "excludeBadAtObservation", population.excludeBadAtObservation())));
        form.put("label", label == null ? null : new TreeMap<>(Map.of("kind", label.kind(), "horizonMonths", label.horizonMonths(),
                "badDaysPastDue", label.badDaysPastDue(), "materiality", label.materiality().stripTrailingZeros().toPlainString(),
                "renegotiation", label.renegotiation().name(), "maturityBufferDays", label.maturityBufferDays(),
                "incomplete", label.incomplete().name())));
        return form;
    }

    private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** SHA-256 (hex) of the canonical form's JSON: what the manifest names the definition by. */
    public String definitionHash() {
        try {
            byte[] json = CANONICAL.writeValueAsString(canonical()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
