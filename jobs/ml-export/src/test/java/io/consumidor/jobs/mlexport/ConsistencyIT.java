package io.consumidor.jobs.mlexport;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.baseb.rating.RatingsAsOf;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.features.schema.Column;
import io.consumidor.jobs.mlexport.consistency.ConsistencyLaunch;
import io.consumidor.parquet.FeatureLogBatches;
import io.consumidor.scorecard.Scorecard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code featureConsistency} on the real stores, with logged lookups written as the query API writes them: a row
 * that is what the offline path computes matches on every feature; a tampered value is skew, reported with both
 * values; a pseudonym Base B does not hold is "not found", a row of another definition is left out, an uncommitted
 * batch is not read. Then Base C receives an event indexed a second before the lookup (searchable only after it:
 * the lookup could not see it) — its columns are the accepted class {@code indexing-lag}, not skew — and one that
 * happened before the lookup but reached Base C after it, which neither path counts: a late event, no skew.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = {"consumidor.export.s3.prefix=it-consistency-${random.uuid}",
        "consumidor.export.consistency.logs-prefix=it-feature-logs-consistency"})
class ConsistencyIT extends ExportStores {

    private static final String SCORING = "credit-scoring";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String A = "test_a1";
    private static final String B = "test_b1";

    @Autowired Job featureConsistency;
    @Autowired PseudonymKeys keys;
    @Autowired Scorecard scorecard;
    @Value("${consumidor.export.consistency.logs-prefix}") String logsPrefix;

    private MongoDatabase db;

    @BeforeEach
    void clean() throws Exception {
        db = emptyStores();
        store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(logsPrefix + "/")).contents().forEach(o -> store.delete(o.key()));
    }

    @Test
    void matchesSkewNotFoundAndTheAcceptedClassesAreEachReported() throws Exception {
        Instant t = Instant.now().minus(Duration.ofMinutes(2)).truncatedTo(ChronoUnit.MILLIS);
        Instant before = t.minus(Duration.ofDays(20));
        Timeline timeline = new Timeline(db, elasticsearch, indices);
        for (String subject : List.of(A, B)) {
            timeline.fact(subject, ProfileGroup.PERSONAL, new PersonalFacts(1985, "SP", List.of(), List.of(new IncomeSource(
                            IncomeSource.IncomeKind.EMPLOYMENT, new BigDecimal("4000"), LocalDate.of(2021, 1, 1)))), before, before)
                    .fact(subject, ProfileGroup.DEBT_SUMMARY, new DebtSummary(1, new BigDecimal("900"), 0, BigDecimal.ZERO,
                            LocalDate.ofInstant(t, java.time.ZoneOffset.UTC).plusDays(5)), before, before)
                    .rating(new RatingRecord(subject, 640, "MEDIUM_RISK", List.of(), "scorecard-x", "f", 1, before, LocalDate.ofInstant(before,
                            java.time.ZoneOffset.UTC), "run", Map.of()))
                    .event(subject, EventType.CARD_PURCHASE, t.minus(Duration.ofDays(3)), t.minus(Duration.ofDays(3)), card(25.00))
                    .event(subject, EventType.BUREAU_QUERY, t.minus(Duration.ofDays(15)), t.minus(Duration.ofDays(15)),
                            Map.of("bureau", "serasa", "purpose", "credit-analysis"));
        }
        timeline.write();
        Dataset dataset = datasets.find(SCORING).orElseThrow();
        byte[] key = keys.key(dataset.pseudonymKeyId());
        Pseudonyms pseudonyms = new Pseudonyms(key, SCORING);
        LocalDate date = LocalDate.ofInstant(t, dataset.zone());

        Object[] a = logged(dataset, key, A, t);
        Object[] b = logged(dataset, key, B, t);
        int age = FeatureLogs.HEAD + FeatureLogs.served(dataset).stream().map(Column::name).toList().indexOf("age");
        b[age] = (Integer) b[age] + 1; // skew: what the online path answered differs from the offline row
        Object[] stranger = logged(dataset, key, A, t);
        stranger[0] = "f".repeat(32);
        Object[] otherDefinition = logged(dataset, key, A, t);
        otherDefinition[2] = "0".repeat(64);
        batch(dataset, date, List.of(a, b, stranger, otherDefinition), true);
        batch(dataset, date, List.<Object[]>of(logged(dataset, key, A, t)), false); // no _SUCCESS: not read

        JsonNode report = check(date);
        assertThat(report.get("batches").asInt()).isEqualTo(1);
        assertThat(report.get("lookups").asLong()).isEqualTo(4);
        assertThat(report.get("compared").asLong()).isEqualTo(2);
        assertThat(report.get("notFound").asLong()).isEqualTo(1);
        assertThat(report.get("otherDefinition").asLong()).isEqualTo(1);
        assertThat(report.get("skew").asLong()).as(report.toString()).isEqualTo(1);
        assertThat(report.at("/features/age/mismatch").asLong()).isEqualTo(1);
        assertThat(report.at("/features/age/match").asLong()).isEqualTo(1);
        int served = FeatureLogs.served(dataset).size();
        assertThat(report.get("matchRate").asDouble()).isEqualTo((2.0 * served - 1) / (2.0 * served));
        JsonNode example = report.get("examples").get(0);
        assertThat(example.get("pseudonym").asString()).isEqualTo(pseudonyms.of(B));
        assertThat(example.get("feature").asString()).isEqualTo("age");
        assertThat(example.get("online").asString()).isEqualTo(String.valueOf((Integer) b[age]));
        assertThat(example.get("offline").asString()).isEqualTo(String.valueOf((Integer) b[age] - 1));
        assertThat(example.get("outcome").asString()).isEqualTo("mismatch");
        assertThat(report.at("/lateEvents/events").asLong()).isZero();

        // A card purchase indexed a second before the lookup but searchable only after it (the refresh): the logged
        // answer could not count it. And one that happened before the lookup but reached Base C after it.
        new Timeline(db, elasticsearch, indices).event(A, EventType.CARD_PURCHASE, t.minus(Duration.ofHours(1)), t.minusSeconds(1), card(40.00))
                .event(A, EventType.CARD_PURCHASE, t.minus(Duration.ofHours(2)), t.plusSeconds(10), card(55.00)).write();
        JsonNode after = check(date);
        assertThat(after.get("skew").asLong()).as("B's age only: the new events are no skew").isEqualTo(1);
        assertThat(after.at("/accepted/indexing-lag").asLong()).as(after.toString()).isPositive();
        for (String column : List.of(Dataset.cardCount(7), Dataset.cardSum(7), Dataset.DAYS_SINCE_LAST_CARD_PURCHASE)) {
            assertThat(after.at("/features/" + column + "/indexing-lag").asLong()).as(column).isEqualTo(1);
        }
        assertThat(after.at("/lateEvents/events").asLong()).as("the purchase that reached Base C after the lookup").isEqualTo(1);
        assertThat(after.at("/lateEvents/lookups").asLong()).isEqualTo(1);

        // Retention: a day of logs older than 30 days before the day checked is deleted by the check; the day itself stays.
        LocalDate old = date.minusDays(31);
        batch(dataset, old, List.<Object[]>of(logged(dataset, key, A, t)), true);
        check(date);
        assertThat(store.s3().listObjectsV2Paginator(r -> r.bucket(store.bucket()).prefix(FeatureLogs.day(logsPrefix, SCORING, old))).contents())
                .as("retention").isEmpty();
        assertThat(store.s3().listObjectsV2Paginator(r -> r.bucket(store.bucket()).prefix(FeatureLogs.day(logsPrefix, SCORING, date))).contents())
                .isNotEmpty();
    }

    private JsonNode check(LocalDate date) throws Exception {
        var execution = operator.start(featureConsistency, new ConsistencyLaunch(datasets).parameters(Map.of(ConsistencyLaunch.DATE, date.toString(),
                ConsistencyLaunch.DATASET, SCORING, ConsistencyLaunch.RUN, UUID.randomUUID().toString()), Clock.systemUTC()));
        assertThat(execution.getStatus()).as(execution.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        return JSON.readTree(store.get(FeatureLogs.day(logsPrefix, SCORING, date) + FeatureLogs.REPORT).orElseThrow());
    }

    /** A log row as the query API writes one: the features the offline path gives at t (the online answer, if nothing was late). */
    private Object[] logged(Dataset dataset, byte[] key, String subject, Instant t) {
        ActivitySummaries activity = new ActivitySummaries(elasticsearch, indices);
        ProfileHistory.SubjectHistory known = new ProfileHistory(db).subject(subject, t, ProfileGroup.DEBT_SUMMARY, t, t).orElseThrow();
        SubjectRows.Features features = new SubjectRows(dataset, LocalDate.ofInstant(t, dataset.zone()), t, t, t, key, scorecard,
                SubjectRows.coverageDays(activity.oldestOccurrence(t), t)).features(known.profile(), known.entries(), RatingsAsOf.of(db, subject, t),
                activity.summarize(List.of(subject), dataset.measures(), List.of(EventType.CARD_PURCHASE), t).getOrDefault(subject,
                        ActivitySummaries.Values.NONE));
        List<Column> served = FeatureLogs.served(dataset);
        Object[] row = new Object[FeatureLogs.HEAD + served.size()];
        row[0] = new Pseudonyms(key, dataset.name()).of(subject);
        row[1] = t;
        row[2] = dataset.definitionHash();
        row[3] = FeatureLogs.population(features.exclusion());
        for (int j = 0; j < served.size(); j++) {
            row[FeatureLogs.HEAD + j] = features.row()[dataset.schema().indexOf(served.get(j).name())];
        }
        return row;
    }

    /** A batch as the query API writes one; uncommitted: its {@code _SUCCESS} taken away, as a writer that died before it. */
    private void batch(Dataset dataset, LocalDate date, List<Object[]> rows, boolean commit) {
        String batch = new FeatureLogBatches(store.s3(), store.bucket(), logsPrefix, Clock.systemUTC()).write(dataset, date, rows);
        if (!commit) {
            store.delete(batch + FeatureLogs.SUCCESS);
        }
    }

    private static Map<String, Object> card(double amount) {
        return Map.of("amount", amount, "currency", "BRL", "merchantCategory", "5411", "channel", "ONLINE");
    }
}
