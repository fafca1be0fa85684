package io.consumidor.jobs.mlexport;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.erasure.SubjectErasure;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.payload.ReportedFacts;
import io.consumidor.core.time.Days;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import io.consumidor.scorecard.ProfileFacts;
import io.consumidor.scorecard.Scorecard;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code mlTrainingExport} over a hand-built timeline of one subject and its neighbours, read back with DuckDB:
 * facts before and after T, a fact true before T but recorded after it, a rating changed after T, Base C events
 * exactly on and either side of each window's edges, a default inside and one just outside the performance
 * window, a right-censored subject and an erased one — every column of every row is compared with a value
 * worked out by hand.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = "consumidor.export.s3.prefix=it-timeline-${random.uuid}")
class ExportTimelineIT extends ExportStores {

    private static final ZoneId SP = ZoneId.of("America/Sao_Paulo");
    private static final LocalDate D = LocalDate.of(2025, 6, 30);
    /** T: the last instant of D in São Paulo, 2025-07-01T02:59:59.999Z. */
    private static final Instant T = Days.endOf(D, SP);
    private static final String TRAINING = "credit-default-12m";
    private static final String SCORING = "credit-scoring";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // Subjects sort in this order; A is the one under the microscope, the others are its neighbours.
    private static final String A = "test_a0";
    private static final String B = "test_b0";
    private static final String C = "test_c0";
    private static final String E = "test_e0";
    private static final String G = "test_g0";
    private static final String H = "test_h0";
    private static final String N = "test_n0";

    @Autowired ExportProperties properties;
    @Autowired io.consumidor.features.keys.PseudonymKeysProperties pseudonymKeys;
    @Autowired Scorecard scorecard;

    private MongoDatabase db;

    @BeforeEach
    void clean() throws Exception {
        db = emptyStores();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Instant day(LocalDate date) {
        return date.atTime(12, 0).atZone(SP).toInstant();
    }

    /** A summary with every count: what is due on the oldest unpaid date is the whole unsettled total here. */
    private static DebtSummary debts(int open, String openTotal, int defaulted, String defaultedTotal, LocalDate oldestUnpaid, int registered) {
        BigDecimal unsettled = new BigDecimal(openTotal).add(new BigDecimal(defaultedTotal));
        return new DebtSummary(open, new BigDecimal(openTotal), defaulted, new BigDecimal(defaultedTotal), oldestUnpaid,
                oldestUnpaid == null ? null : unsettled, 0, registered);
    }

    private static RatingRecord rating(String subject, int score, String band, long revision, Instant ratedAt, String... codes) {
        return new RatingRecord(subject, score, band, java.util.Arrays.stream(codes)
                .map(c -> new RatingRecord.Reason(c, "X", "text", 10, false)).toList(), "scorecard-2026.1", "f", revision, ratedAt,
                LocalDate.ofInstant(ratedAt, SP), "ratingRecompute#1", Map.of(ProfileGroup.PERSONAL, 1L));
    }

    private Timeline timeline() throws Exception {
        Timeline timeline = new Timeline(db, elasticsearch, indices);
        // A: the profile known at T, a change after T, and a back-fill true before T but learned after it.
        PersonalFacts known = new PersonalFacts(1980, "SP",
                List.of(new Asset(Asset.AssetKind.REAL_ESTATE, new BigDecimal("300000"), true),
                        new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("50000.5"), false)),
                List.of(new IncomeSource(IncomeSource.IncomeKind.EMPLOYMENT, new BigDecimal("5000"), LocalDate.of(2020, 1, 1)),
                        new IncomeSource(IncomeSource.IncomeKind.RENTAL, new BigDecimal("1200.25"), LocalDate.of(2024, 3, 1)),
                        new IncomeSource(IncomeSource.IncomeKind.RENTAL, new BigDecimal("900"), LocalDate.of(2025, 8, 1))));
        timeline.fact(A, ProfileGroup.PERSONAL, known, at("2025-01-10T12:00:00Z"), at("2025-01-10T12:00:05Z"))
                .fact(A, ProfileGroup.DEBT_SUMMARY, debts(1, "2000", 0, "0", LocalDate.of(2025, 6, 10), 1), at("2025-03-01T12:00:00Z"), at("2025-03-01T12:00:00Z"))
                .fact(A, ProfileGroup.PERSONAL, new PersonalFacts(1980, "MG", List.of(), List.of()), at("2025-05-01T12:00:00Z"), T.plusMillis(1))
                .fact(A, ProfileGroup.PERSONAL, new PersonalFacts(1980, "RJ", List.of(), List.of()), T.plusMillis(1), T.plusMillis(1))
                // A default inside the performance window (T, T + 12 months]
                .fact(A, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "2000", LocalDate.of(2025, 6, 10), 1), at("2025-09-01T12:00:00Z"), at("2025-09-01T12:00:00Z"))
                .rating(rating(A, 700, "B", 1, at("2025-06-15T09:00:00Z"), "R01", "R05"))
                .rating(rating(A, 500, "C", 2, T.plusSeconds(3600), "R02"));
        Map<String, Object> card = Map.of("amount", 0, "currency", "BRL", "merchantCategory", "5411", "channel", "ONLINE");
        timeline.event(A, EventType.CARD_PURCHASE, T.minus(Duration.ofDays(7)), T.minus(Duration.ofDays(7)), with(card, 10.00))
                .event(A, EventType.CARD_PURCHASE, T.minus(Duration.ofDays(7)).plusMillis(1), T.minus(Duration.ofDays(6)), with(card, 20.00))
                .event(A, EventType.CARD_PURCHASE, T, T, with(card, 40.10))
                .event(A, EventType.CARD_PURCHASE, T.plusMillis(1), T.plusMillis(1), with(card, 80.00))
                // true before T, indexed only after it: not known at T
                .event(A, EventType.CARD_PURCHASE, T.minus(Duration.ofDays(1)), T.plusSeconds(1), with(card, 160.00))
                .event(A, EventType.FINANCIAL_MOVEMENT, T.minus(Duration.ofDays(30)).plusSeconds(1), T.minus(Duration.ofDays(29)),
                        Map.of("amount", 1000.00, "currency", "BRL", "direction", "IN", "kind", "PIX"))
                .event(A, EventType.FINANCIAL_MOVEMENT, T.minus(Duration.ofDays(90)), T.minus(Duration.ofDays(90)),
                        Map.of("amount", 300.00, "currency", "BRL", "direction", "OUT", "kind", "BOLETO"))
                .event(A, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(29)), T.minus(Duration.ofDays(29)), Map.of("bureau", "serasa", "purpose", "credit-analysis"))
                .event(A, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(31)), T.minus(Duration.ofDays(31)), Map.of("bureau", "quod", "purpose", "collections"))
                .event(A, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(2)), T.plusSeconds(5), Map.of("bureau", "quod", "purpose", "late"));
        // B: defaulted, then settled with a new debt not yet due at T, which is paid in the window; defaults again
        // just after the window closes (T + 12 months, São Paulo).
        timeline.fact(B, ProfileGroup.PERSONAL, new PersonalFacts(1990, "BA", List.of(), null), at("2024-12-01T12:00:00Z"), at("2024-12-01T12:00:00Z"))
                .fact(B, ProfileGroup.REPORTED_FACTS, new ReportedFacts(new BigDecimal("3500"), 1, 0, 0, LocalDate.of(2025, 5, 1)),
                        at("2025-05-02T12:00:00Z"), at("2025-05-02T12:00:00Z"))
                .fact(B, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "800", LocalDate.of(2024, 10, 1), 1), day(LocalDate.of(2025, 2, 1)), day(LocalDate.of(2025, 2, 1)))
                .fact(B, ProfileGroup.DEBT_SUMMARY, debts(1, "300", 0, "0", LocalDate.of(2025, 7, 10), 2), day(LocalDate.of(2025, 4, 1)), day(LocalDate.of(2025, 4, 1)))
                .fact(B, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 0, "0", null, 2), day(LocalDate.of(2025, 8, 1)), day(LocalDate.of(2025, 8, 1)))
                .fact(B, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "900", LocalDate.of(2026, 5, 1), 3),
                        Days.endOf(D.plusMonths(12), SP).plusMillis(1), Days.endOf(D.plusMonths(12), SP).plusMillis(1));
        // C: 29 days overdue at T, never paid: 90 days overdue on 2025-08-30, inside the window, without a default.
        timeline.fact(C, ProfileGroup.PERSONAL, new PersonalFacts(2000, "RS", null, List.of()), at("2025-06-01T12:00:00Z"), at("2025-06-01T12:00:00Z"))
                .fact(C, ProfileGroup.DEBT_SUMMARY, debts(1, "150.75", 0, "0", LocalDate.of(2025, 6, 1), 1), at("2025-06-01T12:00:00Z"), at("2025-06-01T12:00:00Z"))
                .rating(rating(C, 410, "D", 1, at("2025-06-20T09:00:00Z"), "R03"));
        // E: everything about it, then erased. G: known only after T.
        timeline.fact(E, ProfileGroup.PERSONAL, new PersonalFacts(1970, "SP", List.of(), List.of()), at("2025-01-01T12:00:00Z"), at("2025-01-01T12:00:00Z"))
                .rating(rating(E, 900, "A", 1, at("2025-06-01T09:00:00Z"), "R01"))
                .fact(G, ProfileGroup.PERSONAL, new PersonalFacts(1985, "PE", List.of(), List.of()), T.plusSeconds(60), T.plusSeconds(60));
        // H: in default at T (out of the training population: bad at observation). N: no debt at all (no exposure).
        timeline.fact(H, ProfileGroup.PERSONAL, new PersonalFacts(1975, "SP", List.of(), List.of()), at("2025-01-01T12:00:00Z"), at("2025-01-01T12:00:00Z"))
                .fact(H, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "500", LocalDate.of(2025, 5, 1), 1), at("2025-06-01T12:00:00Z"), at("2025-06-01T12:00:00Z"))
                .fact(N, ProfileGroup.PERSONAL, new PersonalFacts(1995, "AM", List.of(), List.of()), at("2025-01-01T12:00:00Z"), at("2025-01-01T12:00:00Z"));
        timeline.write();
        SubjectErasure.deleteEverywhere(db, List.of(E));
        Erasure erasure = new Erasure(100, at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:01Z"));
        db.getCollection(BaseBCollections.PROFILES).replaceOne(new Document("_id", E),
                new Document("_id", E).append("erasure", ProfileCodec.erasure(erasure)));
        return timeline;
    }

    private static Map<String, Object> with(Map<String, Object> payload, double amount) {
        Map<String, Object> copy = new LinkedHashMap<>(payload);
        copy.put("amount", amount);
        return copy;
    }

    private JobExecution export(String dataset, LocalDate snapshotDate, String run) throws Exception {
        return export(dataset, snapshotDate, null, run);
    }

    private JobExecution export(String dataset, LocalDate snapshotDate, Instant observedUntil, String run) throws Exception {
        Map<String, String> arguments = new LinkedHashMap<>(Map.of(ExportLaunch.DATASET, dataset, ExportLaunch.SNAPSHOT_DATE, snapshotDate.toString()));
        arguments.put(ExportLaunch.RUN, run);
        if (observedUntil != null) {
            arguments.put(ExportLaunch.OBSERVED_UNTIL, observedUntil.toString());
        }
        return operator.start(mlTrainingExport, new ExportLaunch(datasets).parameters(arguments, Clock.systemUTC()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> manifest(String dataset, LocalDate snapshotDate) {
        DatasetStore.Run run = store.latestComplete(dataset, snapshotDate).orElseThrow();
        return JSON.readValue(store.get(run.layout(store.prefix()).manifest()).orElseThrow(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(Map<String, Object> manifest) {
        return ((List<Map<String, Object>>) manifest.get("files")).stream().map(f -> (String) f.get("key")).toList();
    }

    private String pseudonym(String dataset, String subject) {
        String keyId = datasets.find(dataset).orElseThrow().pseudonymKeyId();
        return new Pseudonyms(Base64.getDecoder().decode(pseudonymKeys.keys().get(keyId)), dataset).of(subject);
    }

    /**
     * Every activity and bureau column 0 (counts) or 0.00 (sums) over the windows Base C covers, days since the last
     * purchase null. The oldest event Base C held by T is A's movement at T - 90 days: the windows of 180 and 365
     * days reach back before Base C held anything, so they are null (no source), not 0 (no events).
     */
    private static Map<String, Object> noActivity() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int days : List.of(7, 30, 90, 180)) {
            row.put(Dataset.cardCount(days), days > 90 ? null : 0L);
            row.put(Dataset.cardSum(days), days > 90 ? null : money("0"));
            for (var direction : io.consumidor.core.payload.FinancialMovement.Direction.values()) {
                row.put(Dataset.movementCount(direction, days), days > 90 ? null : 0L);
                row.put(Dataset.movementSum(direction, days), days > 90 ? null : money("0"));
            }
        }
        row.put(Dataset.DAYS_SINCE_LAST_CARD_PURCHASE, null);
        for (String purpose : java.util.Arrays.asList(null, "credit-analysis", "collections")) {
            for (int days : List.of(7, 30, 90, 180, 365)) {
                row.put(purpose == null ? Dataset.bureauQueries(days) : Dataset.bureauQueries(purpose, days), days > 90 ? null : 0L);
            }
        }
        row.put(Dataset.BASE_C_COVERAGE_DAYS, 90);
        return row;
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value).setScale(2);
    }

    private static Map<String, Object> noRating() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : List.of("served_rating_score", "served_rating_band", "served_rating_model_version", "served_rating_rated_at")) {
            row.put(column, null);
        }
        return row;
    }

    private static Map<String, Object> incomeKinds(IncomeSource.IncomeKind... kinds) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (IncomeSource.IncomeKind kind : IncomeSource.IncomeKind.values()) {
            row.put(Dataset.incomeKind(kind), kinds == null ? null : List.of(kinds).contains(kind));
        }
        return row;
    }

    /**
     * The credit-history columns in file order: history months; times 30/60/90+ over 6/12/24 months; worst in 12;
     * months since 30+ and since default; registered in 3/6/12; renegotiated at T, renegotiations in 12; file age;
     * balance change over 3 and 6; debt to income.
     */
    private static Map<String, Object> history(Integer historyMonths, Integer times6, Integer times12, Integer times24, Integer worst,
                                               Integer since30, Integer sinceDefault, Integer reg3, Integer reg6, Integer reg12,
                                               Integer fileAge, BigDecimal change3, BigDecimal change6, Double debtToIncome) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(Dataset.DEBT_HISTORY_MONTHS, historyMonths);
        for (int days : List.of(30, 60, 90)) {
            row.put(Dataset.timesPastDue(days, 6), times6);
            row.put(Dataset.timesPastDue(days, 12), times12);
            row.put(Dataset.timesPastDue(days, 24), times24);
        }
        row.put(Dataset.worstDaysPastDue(12), worst);
        row.put(Dataset.monthsSincePastDue(30), since30);
        row.put(Dataset.MONTHS_SINCE_DEFAULT, sinceDefault);
        row.put(Dataset.debtsRegistered(3), reg3);
        row.put(Dataset.debtsRegistered(6), reg6);
        row.put(Dataset.debtsRegistered(12), reg12);
        row.put(Dataset.DEBTS_RENEGOTIATED, 0);
        row.put(Dataset.renegotiations(12), 0);
        row.put(Dataset.FILE_AGE_MONTHS, fileAge);
        row.put(Dataset.balanceChange(3), change3);
        row.put(Dataset.balanceChange(6), change6);
        row.put(Dataset.DEBT_TO_INCOME, debtToIncome);
        return row;
    }

    /** score_at_t from inputs stated by hand: what was known at T, with the bureau queries of the 90 days up to T. */
    private Map<String, Object> score(ProfileFacts knownAtT) {
        var rating = scorecard.rate(knownAtT, D);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(Dataset.SCORE_AT_T, rating.score());
        row.put(Dataset.SCORE_AT_T_BAND, rating.band());
        // which characteristics the scorecard names as reasons is ScorecardTest's to check; here, that each lands in its column
        assertThat(rating.reasons()).as("every hand-built subject loses points somewhere: some reason column is true").isNotEmpty();
        for (io.consumidor.scorecard.Characteristic characteristic : io.consumidor.scorecard.Characteristic.values()) {
            row.put(Dataset.scoreReason(characteristic), rating.reasons().stream().anyMatch(r -> r.characteristic().equals(characteristic.name())));
        }
        row.put(Dataset.SCORE_AT_T_MODEL, rating.modelVersion());
        return row;
    }

    private static Map<String, Object> label(Integer bad) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(Dataset.LABEL, bad);
        row.put(Dataset.LABEL_STATUS, "final");
        row.put(Dataset.MONTHS_OBSERVED, 12);
        return row;
    }

    /** Puts the columns in the order of the dataset's schema (the reader returns them so). */
    private Map<String, Object> ordered(Map<String, Object> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (var column : datasets.find(TRAINING).orElseThrow().schema().columns()) {
            assertThat(values).as("expected value of " + column.name()).containsKey(column.name());
            row.put(column.name(), values.get(column.name()));
        }
        assertThat(row).hasSameSizeAs(values);
        return row;
    }

    private static final List<Asset> A_ASSETS = List.of(new Asset(Asset.AssetKind.REAL_ESTATE, new BigDecimal("300000"), true),
            new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("50000.5"), false));
    private static final List<IncomeSource> A_INCOMES = List.of(
            new IncomeSource(IncomeSource.IncomeKind.EMPLOYMENT, new BigDecimal("5000"), LocalDate.of(2020, 1, 1)),
            new IncomeSource(IncomeSource.IncomeKind.RENTAL, new BigDecimal("1200.25"), LocalDate.of(2024, 3, 1)),
            new IncomeSource(IncomeSource.IncomeKind.RENTAL, new BigDecimal("900"), LocalDate.of(2025, 8, 1)));

    private Map<String, Object> expectedA() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pseudonym", pseudonym(TRAINING, A));
        row.put("age", 45);
        row.put("region", "SP");
        row.put("income_total", money("6200.25")); // the rental starting 2025-08-01 is not income at T
        row.put("income_source_count", 2);
        row.put("income_stability_months", 65);
        row.put("reported_monthly_income", null);
        row.put("assets_count", 2);
        row.put("assets_real_estate_value", money("300000"));
        row.put("assets_vehicle_value", money("50000.50"));
        row.put("assets_investment_value", money("0"));
        row.put("assets_other_value", money("0"));
        row.put("assets_paid_off_value", money("300000"));
        row.put("debts_open_count", 1);
        row.put("debts_open_total", money("2000"));
        row.put("debts_defaulted_count", 0);
        row.put("debts_defaulted_total", money("0"));
        row.put("debts_days_overdue", 20);
        row.putAll(incomeKinds(IncomeSource.IncomeKind.EMPLOYMENT, IncomeSource.IncomeKind.RENTAL));
        // one summary since 2025-03-01: 20 days past due at T, nothing before; 2000 / 6200.25
        row.putAll(history(3, 0, 0, 0, 20, null, null, 0, 1, 1, 3, money("0"), null, 0.3226));
        row.put("served_rating_score", 700);
        row.put("served_rating_band", "B");
        row.put("served_rating_model_version", "scorecard-2026.1");
        row.put("served_rating_rated_at", at("2025-06-15T09:00:00Z"));
        // the facts known at T (the MG and RJ changes came later) and 2 bureau queries in (T - 90 d, T] (the third was indexed after T)
        row.putAll(score(new ProfileFacts(A, 1980, A_ASSETS, A_INCOMES, null, debts(1, "2000", 0, "0", LocalDate.of(2025, 6, 10), 1), 2)));
        Map<String, Object> activity = noActivity();
        activity.put(Dataset.cardCount(7), 2L);            // T - 7 d + 1 ms and T; T - 7 d exactly is outside (T - 7 d, T]
        activity.put(Dataset.cardSum(7), money("60.10"));
        for (int days : List.of(30, 90)) {
            activity.put(Dataset.cardCount(days), 3L);     // T + 1 ms is after T; the one indexed after T is unknown at T
            activity.put(Dataset.cardSum(days), money("70.10"));
        }
        for (int days : List.of(30, 90)) {
            activity.put(Dataset.movementCount(io.consumidor.core.payload.FinancialMovement.Direction.IN, days), 1L);
            activity.put(Dataset.movementSum(io.consumidor.core.payload.FinancialMovement.Direction.IN, days), money("1000"));
        }
        // the OUT movement at T - 90 d exactly is outside (T - 90 d, T]; the 180-day window holding it is not covered
        activity.put(Dataset.DAYS_SINCE_LAST_CARD_PURCHASE, 0);
        // T - 29 d (credit-analysis) and T - 31 d (collections); the late one at T - 2 d was indexed after T
        for (int days : List.of(30, 90)) {
            activity.put(Dataset.bureauQueries(days), days == 30 ? 1L : 2L);
            activity.put(Dataset.bureauQueries("credit-analysis", days), 1L);
            activity.put(Dataset.bureauQueries("collections", days), days == 30 ? 0L : 1L);
        }
        row.putAll(activity);
        row.putAll(label(1));
        return ordered(row);
    }

    private Map<String, Object> expectedB() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pseudonym", pseudonym(TRAINING, B));
        row.put("age", 35);
        row.put("region", "BA");
        row.put("income_total", null);
        row.put("income_source_count", null);
        row.put("income_stability_months", null);
        row.put("reported_monthly_income", money("3500"));
        row.put("assets_count", 0);
        row.put("assets_real_estate_value", money("0"));
        row.put("assets_vehicle_value", money("0"));
        row.put("assets_investment_value", money("0"));
        row.put("assets_other_value", money("0"));
        row.put("assets_paid_off_value", money("0"));
        row.put("debts_open_count", 1);
        row.put("debts_open_total", money("300"));
        row.put("debts_defaulted_count", 0);
        row.put("debts_defaulted_total", money("0"));
        row.put("debts_days_overdue", 0);
        row.putAll(incomeKinds((IncomeSource.IncomeKind[]) null));
        // in default from 2025-02-01 (due 2024-10-01) to 2025-04-01, 182 days past due that day; 300 / 3500 reported
        row.putAll(history(4, 1, 1, 1, 182, 2, 2, 1, 2, 2, 4, money("-500"), null, 0.0857));
        row.putAll(noRating());
        row.putAll(score(new ProfileFacts(B, 1990, List.of(), null, new BigDecimal("3500"), debts(1, "300", 0, "0", LocalDate.of(2025, 7, 10), 2), 0)));
        row.putAll(noActivity());
        row.putAll(label(0)); // paid 22 days past due inside the window; the next default is 1 ms after it
        return ordered(row);
    }

    private Map<String, Object> expectedC() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pseudonym", pseudonym(TRAINING, C));
        row.put("age", 25);
        row.put("region", "RS");
        row.put("income_total", money("0"));
        row.put("income_source_count", 0);
        row.put("income_stability_months", null);
        row.put("reported_monthly_income", null);
        row.put("assets_count", null);
        row.put("assets_real_estate_value", null);
        row.put("assets_vehicle_value", null);
        row.put("assets_investment_value", null);
        row.put("assets_other_value", null);
        row.put("assets_paid_off_value", null);
        row.put("debts_open_count", 1);
        row.put("debts_open_total", money("150.75"));
        row.put("debts_defaulted_count", 0);
        row.put("debts_defaulted_total", money("0"));
        row.put("debts_days_overdue", 29);
        row.putAll(incomeKinds());
        row.putAll(history(0, 0, 0, 0, 29, null, null, 1, 1, 1, 0, null, null, null));
        row.put("served_rating_score", 410);
        row.put("served_rating_band", "D");
        row.put("served_rating_model_version", "scorecard-2026.1");
        row.put("served_rating_rated_at", at("2025-06-20T09:00:00Z"));
        row.putAll(score(new ProfileFacts(C, 2000, null, List.of(), null, debts(1, "150.75", 0, "0", LocalDate.of(2025, 6, 1), 1), 0)));
        row.putAll(noActivity());
        row.putAll(label(1)); // 29 days past due at T, never paid: 90 on 2025-08-30, 150.75 BRL over the materiality
        return ordered(row);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyColumnOfEveryRowIsWhatWasKnownAtT() throws Exception {
        timeline();
        JobExecution execution = export(TRAINING, D, "timeline-" + UUID.randomUUID());
        assertThat(execution.getStatus()).as(execution.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);

        Map<String, Object> manifest = manifest(TRAINING, D);
        List<Map<String, Object>> expected = new java.util.ArrayList<>(List.of(expectedA(), expectedB(), expectedC()));
        expected.sort(java.util.Comparator.comparing(r -> (String) r.get("pseudonym")));
        try (DuckDbReader duckdb = new DuckDbReader(store, keys(manifest))) {
            List<Map<String, Object>> rows = duckdb.rows();
            assertThat(rows).hasSize(3);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(rows.get(i)).as("row %d", i).containsExactlyEntriesOf(expected.get(i));
            }
            Map<String, String> types = duckdb.types();
            assertThat(types).containsEntry("pseudonym", "VARCHAR").doesNotContainKey("snapshot_date")
                    .containsEntry("income_total", "DECIMAL(18,2)").containsEntry("served_rating_rated_at", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("card_purchases_count_7d", "BIGINT").containsEntry("age", "INTEGER").containsEntry("label_bad", "INTEGER")
                    .containsEntry("income_kind_rental", "BOOLEAN").containsEntry("debt_to_income", "DOUBLE")
                    .containsEntry("label_status", "VARCHAR").containsEntry("score_at_t", "INTEGER");
            assertThat(((Number) duckdb.scalar("SELECT count(*) FROM $files")).longValue())
                    .isEqualTo(((Number) ((Map<?, ?>) manifest.get("totals")).get("rows")).longValue());
            // The profile holds aggregates only: no row, so no person's pseudonym (an erasure has nothing to chase there).
            DatasetStore.Run run = store.latestComplete(TRAINING, D).orElseThrow();
            String profile = new String(store.get(run.layout(store.prefix()).profile()).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(profile).doesNotContain("\"sample\"");
            rows.forEach(row -> assertThat(profile).doesNotContain((String) row.get("pseudonym")));
        }
        // H is in default at T, N has no debt, G is known only after T, E is erased (and its history with it)
        assertThat(manifest.get("exclusions")).isEqualTo(Map.of("noExposure", 1, "badAtObservation", 1, "knownOnlyAfterT", 1, "erased", 0));
        assertThat(manifest.get("provisional")).isEqualTo(false);
        assertThat((Map<String, Object>) manifest.get("label")).containsEntry("labelComplete", true)
                .containsEntry("finalFrom", "2026-08-30T02:59:59.999Z").containsEntry("watermark", "2025-09-01T12:00:00Z");
        assertThat(manifest.get("asOf")).isEqualTo("2025-07-01T02:59:59.999Z");
        assertThat(manifest.get("scorecardModelVersions")).as("served and score_at_t").isEqualTo(List.of("consumidor-scorecard-1.1", "scorecard-2026.1"));
        assertThat(((Map<?, ?>) manifest.get("label")).get("rate")).isEqualTo(2.0 / 3);
        assertThat(JSON.writeValueAsString(manifest)).doesNotContain(A, B, C, E, G, H, N);
    }

    @Test
    void sameSnapshotAgainGivesTheSameRowsAndContentHash() throws Exception {
        timeline();
        assertThat(export(SCORING, D, "first-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String first = (String) manifest(SCORING, D).get("contentHash");
        assertThat(export(SCORING, D, "again-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> second = manifest(SCORING, D);
        assertThat(second.get("contentHash")).isEqualTo(first);
        assertThat(store.runs(SCORING)).hasSize(2).allMatch(DatasetStore.Run::complete);
        try (DuckDbReader duckdb = new DuckDbReader(store, keys(second))) {
            assertThat(duckdb.rows()).extracting(r -> r.get("pseudonym"))
                    .as("a scoring set holds everyone known at T: the bad and the unexposed too")
                    .containsExactlyInAnyOrder(pseudonym(SCORING, A), pseudonym(SCORING, B), pseudonym(SCORING, C), pseudonym(SCORING, H),
                            pseudonym(SCORING, N))
                    .doesNotContain(pseudonym(TRAINING, A));
            assertThat(duckdb.types()).doesNotContainKey("label_bad");
        }
    }

    @Test
    void aTrainingSnapshotWhoseLabelIsNotFinalIsRefusedNamingTheFirstDayItCanRun() {
        LocalDate snapshot = LocalDate.now(SP).minusMonths(12).minusDays(30);
        LocalDate firstDay = snapshot.plusMonths(12).plusDays(61);
        assertThatThrownBy(() -> export(TRAINING, snapshot, "early-" + UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not final").hasMessageContaining("the first day it can run is " + firstDay)
                .hasMessageContaining("incomplete: keep");
        assertThat(store.runs(TRAINING)).isEmpty();
    }

    @Test
    void aLateFactDoesNotChangeARunWithTheSameObservationCutOff() throws Exception {
        timeline();
        Instant cutOff = Instant.parse("2026-10-01T00:00:00Z");
        assertThat(export(TRAINING, D, cutOff, "first-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> first = manifest(TRAINING, D);
        // B defaults inside its window, but Base B learns it only after the cut-off
        new Timeline(db, elasticsearch, indices).versionsFrom(1000).fact(B, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "300", LocalDate.of(2025, 7, 10), 2),
                day(LocalDate.of(2025, 7, 20)), cutOff.plus(Duration.ofDays(30))).writeHistoryOnly();
        assertThat(export(TRAINING, D, cutOff, "again-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> again = manifest(TRAINING, D);
        assertThat(again.get("runId")).isNotEqualTo(first.get("runId"));
        assertThat(again.get("observedUntil")).isEqualTo("2026-10-01T00:00:00Z");
        assertThat(again.get("contentHash")).as("same cut-off, same labels").isEqualTo(first.get("contentHash"));
        assertThat(export(TRAINING, D, null, "now-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> now = manifest(TRAINING, D);
        assertThat(now.get("contentHash")).as("a later cut-off sees B's default").isNotEqualTo(first.get("contentHash"));
        assertThat(((Map<?, ?>) now.get("label")).get("rate")).isEqualTo(1.0);

        // export diff: B's row changed in its label only
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        var cli = new io.consumidor.jobs.mlexport.cli.ExportCli(datasets, store, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(cli.run(List.of("diff", TRAINING, D.toString(), (String) first.get("runId"), (String) now.get("runId")), null))
                .isEqualTo(io.consumidor.batchsupport.cli.ExitCode.COMPLETED);
        String diff = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(diff).contains("rows 3 -> 3: 0 added, 0 removed, 1 changed").containsPattern("label_bad\\s+1\\s+0\\.6667\\s+1\\.0000");
        assertThat(diff.lines().filter(l -> l.startsWith("  ") && !l.contains("column")).toList()).as(diff).hasSize(1);
    }

    @Test
    void theManifestNamesTheCommitTheCodeWasBuiltFrom() throws Exception {
        timeline();
        assertThat(export(SCORING, D, "code-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<?, ?> code = (Map<?, ?>) manifest(SCORING, D).get("code");
        String commit = (String) code.get("commit");
        assertThat(commit).matches("[0-9a-f]{40}");
        Process git = new ProcessBuilder("git", "cat-file", "-t", commit).redirectErrorStream(true).start();
        assertThat(new String(git.getInputStream().readAllBytes()).trim()).as("a commit of this repository").isEqualTo("commit");
    }

    @Test
    void todayIsProvisionalAndTomorrowIsRefused() throws Exception {
        timeline();
        LocalDate today = LocalDate.now(SP);
        assertThat(export(SCORING, today, "today-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> manifest = manifest(SCORING, today);
        assertThat(manifest.get("provisional")).isEqualTo(true);
        assertThat(((Map<?, ?>) manifest.get("totals")).get("rows")).as("A, B, C, G, H and N are known today; E is erased").isEqualTo(6);
        assertThatThrownBy(() -> export(SCORING, today.plusDays(1), "tomorrow"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is in the future");
    }

    @Test
    void theCommitWritesSuccessLastAndTheProfileNextToTheManifest() throws Exception {
        timeline();
        assertThat(export(TRAINING, D, "layout-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        DatasetStore.Run run = store.latestComplete(TRAINING, D).orElseThrow();
        RunLayout layout = run.layout(store.prefix());
        assertThat(layout.runPrefix()).startsWith(store.prefix() + "/" + TRAINING + "/snapshot_date=2025-06-30/run=");
        assertThat(run.objects().keySet()).contains(RunLayout.MANIFEST, RunLayout.PROFILE, RunLayout.SUCCESS, "part-00000.parquet");
        var modified = store.s3().listObjectsV2(b -> b.bucket(store.bucket()).prefix(layout.runPrefix())).contents().stream()
                .collect(java.util.stream.Collectors.toMap(o -> o.key().substring(layout.runPrefix().length()), o -> o.lastModified()));
        modified.forEach((name, time) -> assertThat(time).as(name + " is not after _SUCCESS").isBeforeOrEqualTo(modified.get(RunLayout.SUCCESS)));
        assertThat(store.incompleteUploads(layout.runPrefix())).isEmpty();
    }
}
