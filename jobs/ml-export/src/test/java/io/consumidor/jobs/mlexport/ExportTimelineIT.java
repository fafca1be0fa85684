package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.erasure.SubjectErasure;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.payload.ReportedFacts;
import io.consumidor.core.time.Days;
import io.consumidor.jobs.mlexport.dataset.Dataset;
import io.consumidor.jobs.mlexport.dataset.Datasets;
import io.consumidor.jobs.mlexport.features.Pseudonyms;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
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
class ExportTimelineIT {

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

    @Autowired JobOperator operator;
    @Autowired Job mlTrainingExport;
    @Autowired MongoTemplate mongo;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired DatasetStore store;
    @Autowired Datasets datasets;
    @Autowired ExportProperties properties;

    private MongoDatabase db;

    @BeforeEach
    void clean() throws Exception {
        db = mongo.getDb();
        db.drop();
        IndexTemplates.dropNamespace(elasticsearch, indices);
    }

    @AfterAll
    static void dropDatabase(@Autowired MongoTemplate mongo) {
        mongo.getDb().drop();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Instant day(LocalDate date) {
        return date.atTime(12, 0).atZone(SP).toInstant();
    }

    private static DebtSummary debts(int open, String openTotal, int defaulted, String defaultedTotal, LocalDate oldestUnpaid) {
        return new DebtSummary(open, new BigDecimal(openTotal), defaulted, new BigDecimal(defaultedTotal), oldestUnpaid);
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
                .fact(A, ProfileGroup.DEBT_SUMMARY, debts(1, "2000", 0, "0", LocalDate.of(2025, 6, 10)), at("2025-03-01T12:00:00Z"), at("2025-03-01T12:00:00Z"))
                .fact(A, ProfileGroup.PERSONAL, new PersonalFacts(1980, "MG", List.of(), List.of()), at("2025-05-01T12:00:00Z"), T.plusMillis(1))
                .fact(A, ProfileGroup.PERSONAL, new PersonalFacts(1980, "RJ", List.of(), List.of()), T.plusMillis(1), T.plusMillis(1))
                // A default inside the performance window (T, T + 12 months]
                .fact(A, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "2000", LocalDate.of(2025, 6, 10)), at("2025-09-01T12:00:00Z"), at("2025-09-01T12:00:00Z"))
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
                .event(A, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(29)), T.minus(Duration.ofDays(29)), Map.of("bureau", "serasa", "purpose", "credit"))
                .event(A, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(31)), T.minus(Duration.ofDays(31)), Map.of("bureau", "quod", "purpose", "credit"))
                .event(A, EventType.BUREAU_QUERY, T.minus(Duration.ofDays(2)), T.plusSeconds(5), Map.of("bureau", "quod", "purpose", "late"));
        // B: defaulted and settled before T, defaults again just after the window closes (T + 12 months, São Paulo).
        timeline.fact(B, ProfileGroup.PERSONAL, new PersonalFacts(1990, "BA", List.of(), null), at("2024-12-01T12:00:00Z"), at("2024-12-01T12:00:00Z"))
                .fact(B, ProfileGroup.REPORTED_FACTS, new ReportedFacts(new BigDecimal("3500"), 1, 0, 0, LocalDate.of(2025, 5, 1)),
                        at("2025-05-02T12:00:00Z"), at("2025-05-02T12:00:00Z"))
                .fact(B, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "800", LocalDate.of(2024, 10, 1)), at("2025-02-01T12:00:00Z"), at("2025-02-01T12:00:00Z"))
                .fact(B, ProfileGroup.DEBT_SUMMARY, DebtSummary.NONE, at("2025-04-01T12:00:00Z"), at("2025-04-01T12:00:00Z"))
                .fact(B, ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "900", LocalDate.of(2026, 5, 1)),
                        Days.endOf(D.plusMonths(12), SP).plusMillis(1), Days.endOf(D.plusMonths(12), SP).plusMillis(1));
        // C: 29 days overdue at T, never paid: 90 days overdue on 2025-08-30, inside the window, without a default.
        timeline.fact(C, ProfileGroup.PERSONAL, new PersonalFacts(2000, "RS", null, List.of()), at("2025-06-01T12:00:00Z"), at("2025-06-01T12:00:00Z"))
                .fact(C, ProfileGroup.DEBT_SUMMARY, debts(1, "150.75", 0, "0", LocalDate.of(2025, 6, 1)), at("2025-06-01T12:00:00Z"), at("2025-06-01T12:00:00Z"))
                .rating(rating(C, 410, "D", 1, at("2025-06-20T09:00:00Z"), "R03"));
        // E: everything about it, then erased. G: known only after T.
        timeline.fact(E, ProfileGroup.PERSONAL, new PersonalFacts(1970, "SP", List.of(), List.of()), at("2025-01-01T12:00:00Z"), at("2025-01-01T12:00:00Z"))
                .rating(rating(E, 900, "A", 1, at("2025-06-01T09:00:00Z"), "R01"))
                .fact(G, ProfileGroup.PERSONAL, new PersonalFacts(1985, "PE", List.of(), List.of()), T.plusSeconds(60), T.plusSeconds(60));
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
        Map<String, String> arguments = new LinkedHashMap<>(Map.of(ExportLaunch.DATASET, dataset, ExportLaunch.SNAPSHOT_DATE, snapshotDate.toString()));
        arguments.put(ExportLaunch.RUN, run);
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
        return new Pseudonyms(Base64.getDecoder().decode(properties.keys().get(keyId)), dataset).of(subject);
    }

    /** Every activity column 0 (counts) or 0.00 (sums), days since the last purchase null. */
    private static Map<String, Object> noActivity() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int days : List.of(7, 30, 90, 180)) {
            row.put(Dataset.cardCount(days), 0L);
            row.put(Dataset.cardSum(days), money("0"));
            for (var direction : io.consumidor.core.payload.FinancialMovement.Direction.values()) {
                row.put(Dataset.movementCount(direction, days), 0L);
                row.put(Dataset.movementSum(direction, days), money("0"));
            }
        }
        row.put(Dataset.DAYS_SINCE_LAST_CARD_PURCHASE, null);
        row.put(Dataset.bureauQueries(30), 0L);
        row.put(Dataset.bureauQueries(90), 0L);
        return row;
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value).setScale(2);
    }

    private static Map<String, Object> noRating() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : List.of("rating_score", "rating_band", "rating_reason_codes", "rating_model_version", "rating_rated_at")) {
            row.put(column, null);
        }
        return row;
    }

    private Map<String, Object> expectedA() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pseudonym", pseudonym(TRAINING, A));
        row.put("snapshot_date", D);
        row.put("age", 45);
        row.put("region", "SP");
        row.put("income_total", money("6200.25")); // the rental starting 2025-08-01 is not income at T
        row.put("income_source_count", 2);
        row.put("income_sources", "EMPLOYMENT,RENTAL");
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
        row.put("rating_score", 700);
        row.put("rating_band", "B");
        row.put("rating_reason_codes", "R01,R05");
        row.put("rating_model_version", "scorecard-2026.1");
        row.put("rating_rated_at", at("2025-06-15T09:00:00Z"));
        Map<String, Object> activity = noActivity();
        activity.put(Dataset.cardCount(7), 2L);            // T - 7 d + 1 ms and T; T - 7 d exactly is outside (T - 7 d, T]
        activity.put(Dataset.cardSum(7), money("60.10"));
        for (int days : List.of(30, 90, 180)) {
            activity.put(Dataset.cardCount(days), 3L);     // T + 1 ms is after T; the one indexed after T is unknown at T
            activity.put(Dataset.cardSum(days), money("70.10"));
        }
        for (int days : List.of(30, 90, 180)) {
            activity.put(Dataset.movementCount(io.consumidor.core.payload.FinancialMovement.Direction.IN, days), 1L);
            activity.put(Dataset.movementSum(io.consumidor.core.payload.FinancialMovement.Direction.IN, days), money("1000"));
        }
        activity.put(Dataset.movementCount(io.consumidor.core.payload.FinancialMovement.Direction.OUT, 180), 1L); // T - 90 d exactly
        activity.put(Dataset.movementSum(io.consumidor.core.payload.FinancialMovement.Direction.OUT, 180), money("300"));
        activity.put(Dataset.DAYS_SINCE_LAST_CARD_PURCHASE, 0);
        activity.put(Dataset.bureauQueries(30), 1L);
        activity.put(Dataset.bureauQueries(90), 2L);
        row.putAll(activity);
        row.put("label_bad", 1);
        return row;
    }

    private Map<String, Object> expectedB() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pseudonym", pseudonym(TRAINING, B));
        row.put("snapshot_date", D);
        row.put("age", 35);
        row.put("region", "BA");
        row.put("income_total", null);
        row.put("income_source_count", null);
        row.put("income_sources", null);
        row.put("income_stability_months", null);
        row.put("reported_monthly_income", money("3500"));
        row.put("assets_count", 0);
        row.put("assets_real_estate_value", money("0"));
        row.put("assets_vehicle_value", money("0"));
        row.put("assets_investment_value", money("0"));
        row.put("assets_other_value", money("0"));
        row.put("assets_paid_off_value", money("0"));
        row.put("debts_open_count", 0);
        row.put("debts_open_total", money("0"));
        row.put("debts_defaulted_count", 0);
        row.put("debts_defaulted_total", money("0"));
        row.put("debts_days_overdue", 0);
        row.putAll(noRating());
        row.putAll(noActivity());
        row.put("label_bad", 0);
        return row;
    }

    private Map<String, Object> expectedC() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pseudonym", pseudonym(TRAINING, C));
        row.put("snapshot_date", D);
        row.put("age", 25);
        row.put("region", "RS");
        row.put("income_total", money("0"));
        row.put("income_source_count", 0);
        row.put("income_sources", "");
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
        row.put("rating_score", 410);
        row.put("rating_band", "D");
        row.put("rating_reason_codes", "R03");
        row.put("rating_model_version", "scorecard-2026.1");
        row.put("rating_rated_at", at("2025-06-20T09:00:00Z"));
        row.putAll(noActivity());
        row.put("label_bad", 1);
        return row;
    }

    @Test
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
            assertThat(types).containsEntry("pseudonym", "VARCHAR").containsEntry("snapshot_date", "DATE")
                    .containsEntry("income_total", "DECIMAL(18,2)").containsEntry("rating_rated_at", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("card_purchases_count_7d", "BIGINT").containsEntry("age", "INTEGER").containsEntry("label_bad", "INTEGER");
            assertThat(((Number) duckdb.scalar("SELECT count(*) FROM $files")).longValue())
                    .isEqualTo(((Number) ((Map<?, ?>) manifest.get("totals")).get("rows")).longValue());
            // The profile holds aggregates only: no row, so no person's pseudonym (an erasure has nothing to chase there).
            DatasetStore.Run run = store.latestComplete(TRAINING, D).orElseThrow();
            String profile = new String(store.get(run.layout(store.prefix()).profile()).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(profile).doesNotContain("\"sample\"");
            rows.forEach(row -> assertThat(profile).doesNotContain((String) row.get("pseudonym")));
        }
        assertThat(manifest.get("exclusions")).isEqualTo(Map.of("rightCensored", 0, "erased", 0));
        assertThat(manifest.get("provisional")).isEqualTo(false);
        assertThat(manifest.get("asOf")).isEqualTo("2025-07-01T02:59:59.999Z");
        assertThat(manifest.get("scorecardModelVersions")).isEqualTo(List.of("scorecard-2026.1"));
        assertThat(((Map<?, ?>) manifest.get("label")).get("rate")).isEqualTo(2.0 / 3);
        assertThat(JSON.writeValueAsString(manifest)).doesNotContain(A, B, C, E, G);
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
                    .containsExactlyInAnyOrder(pseudonym(SCORING, A), pseudonym(SCORING, B), pseudonym(SCORING, C))
                    .doesNotContain(pseudonym(TRAINING, A));
            assertThat(duckdb.types()).doesNotContainKey("label_bad");
        }
    }

    @Test
    void aWindowStillOpenLabelsTheBadAndExcludesTheRestAsRightCensored() throws Exception {
        LocalDate today = LocalDate.now(SP);
        LocalDate snapshot = today.minusDays(30);
        Instant t = Days.endOf(snapshot, SP);
        new Timeline(db, elasticsearch, indices)
                .fact("test_p0", ProfileGroup.PERSONAL, new PersonalFacts(1980, "SP", List.of(), List.of()), t.minus(Duration.ofDays(40)), t.minus(Duration.ofDays(40)))
                .fact("test_p0", ProfileGroup.DEBT_SUMMARY, debts(1, "10", 0, "0", snapshot.plusDays(5)), t.minus(Duration.ofDays(40)), t.minus(Duration.ofDays(40)))
                .fact("test_p0", ProfileGroup.DEBT_SUMMARY, debts(0, "0", 1, "10", snapshot.plusDays(5)), t.plus(Duration.ofDays(10)), t.plus(Duration.ofDays(10)))
                .fact("test_q0", ProfileGroup.PERSONAL, new PersonalFacts(1981, "SP", List.of(), List.of()), t.minus(Duration.ofDays(40)), t.minus(Duration.ofDays(40)))
                .write();
        assertThat(export(TRAINING, snapshot, "open-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> manifest = manifest(TRAINING, snapshot);
        assertThat(manifest.get("exclusions")).isEqualTo(Map.of("rightCensored", 1, "erased", 0));
        try (DuckDbReader duckdb = new DuckDbReader(store, keys(manifest))) {
            assertThat(duckdb.rows()).singleElement().satisfies(row -> {
                assertThat(row.get("pseudonym")).isEqualTo(pseudonym(TRAINING, "test_p0"));
                assertThat(row.get("label_bad")).isEqualTo(1);
            });
        }
    }

    @Test
    void todayIsProvisionalAndTomorrowIsRefused() throws Exception {
        timeline();
        LocalDate today = LocalDate.now(SP);
        assertThat(export(SCORING, today, "today-" + UUID.randomUUID()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Object> manifest = manifest(SCORING, today);
        assertThat(manifest.get("provisional")).isEqualTo(true);
        assertThat(((Map<?, ?>) manifest.get("totals")).get("rows")).as("A, B, C and G are known today; E is erased").isEqualTo(4);
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
