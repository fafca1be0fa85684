package io.consumidor.features.dataset;

import io.consumidor.basec.ActivitySummaries.Measure;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.features.schema.DatasetSchema;
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

    /**
     * Whether a column's value needs Base C: its events, its coverage, or the score (which counts recent bureau
     * queries). Such a column is unavailable, not zero, when Base C does not answer.
     */
    public static boolean readsBaseC(io.consumidor.features.schema.Column column) {
        return DatasetColumns.readsBaseC(column);
    }

    /** The columns in file order, each with its type, null meaning, source, window and role ({@link DatasetColumns}). */
    public DatasetSchema schema() {
        return DatasetColumns.of(this);
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
