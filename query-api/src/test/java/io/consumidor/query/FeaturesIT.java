package io.consumidor.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.baseb.rating.RatingsAsOf;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.event.EventType;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.MessageAttributes;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.features.schema.Column;
import io.consumidor.parquet.DatasetFileReader;
import io.consumidor.scorecard.Scorecard;
import io.consumidor.testsupport.JsonValues;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/features} against the real stores: a consumer's vector has every served column of the dataset,
 * the values a hand count gives and exactly the values the offline path (Base B's history as of the lookup, the
 * rating history, Base C as of the lookup) computes through the same code; the lookup is recorded as a bureau
 * query; a sampled subject's vector is logged to S3 as a committed Parquet batch; unknown, erased, invalid and
 * unknown-dataset requests get their problems; no CPF or subject in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_features", "spring.data.mongodb.uri=${MONGODB_URI}_query_features",
        "consumidor.namespace=" + FeaturesIT.NAMESPACE,
        "consumidor.query.features.log.share=1", "consumidor.query.features.log.flush-interval=300ms",
        "consumidor.query.features.log.s3.prefix=" + FeaturesIT.LOGS})
class FeaturesIT {

    static final String NAMESPACE = "qfeaturesit";
    static final String LOGS = "it-feature-logs-query";
    private static final String ACTIVITY = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATASET = "credit-default-12m";

    @LocalServerPort int port;
    @Autowired MongoDatabase baseB;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired SubjectPseudonymizer pseudonymizer;
    @Autowired Datasets datasets;
    @Autowired PseudonymKeys keys;
    @Autowired Scorecard scorecard;
    @Autowired S3Client featureLogS3;
    @Autowired io.consumidor.query.QueryProperties properties;

    private final TestQueues queues = new TestQueues(TestStack.env());

    @BeforeAll
    static void activityQueue() {
        Fixture.createQueue(ACTIVITY);
    }

    @AfterAll
    static void clean(@Autowired MongoDatabase baseB, @Autowired ElasticsearchClient elasticsearch, @Autowired BaseCIndices indices,
                      @Autowired S3Client featureLogS3) throws Exception {
        baseB.drop();
        IndexTemplates.dropNamespace(elasticsearch, indices);
        Fixture.deleteQueue(ACTIVITY);
        String bucket = TestStack.env().s3Bucket();
        for (S3Object object : featureLogS3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(LOGS + "/")).contents()) {
            featureLogS3.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
    }

    /** A consumer known to Base B through its history (as the router writes it), rated, with Fixture's Base C activity. */
    private Cpf known() throws Exception {
        Cpf cpf = TestCpfs.random();
        String subject = pseudonymizer.subjectOf(cpf).value();
        Instant at = Instant.now().minus(Duration.ofDays(40));
        Profile profile = TestProfiles.profile(subject, 3);
        profile = new Profile(subject, TestProfiles.fact(profile.personal().value(), 1, at),
                TestProfiles.fact(new io.consumidor.core.payload.DebtSummary(2, new BigDecimal("1501.00"), 0, BigDecimal.ZERO,
                        LocalDate.now().plusDays(10)), 2, at), null);
        new ProfileHistory(baseB).record(List.of(new HistoryEntry(subject, ProfileGroup.PERSONAL, profile.personal()),
                new HistoryEntry(subject, ProfileGroup.DEBT_SUMMARY, profile.debts())));
        baseB.getCollection(BaseBCollections.PROFILES).insertOne(TestProfiles.document(profile));
        RatingRecord rating = new RatingRecord(subject, 712, "LOW_RISK", List.of(new RatingRecord.Reason("R03", "incomeBand",
                "Income below the median", 40, false)), "scorecard-v1", "f1", 1, Instant.now().minus(Duration.ofHours(3)), LocalDate.now(),
                "run-1", Map.of());
        baseB.getCollection(BaseBCollections.RATING_HISTORY).insertOne(RatingCodec.history(rating));
        // Re-rated since with other inputs and the same outcome, as the rating job writes it: the current document moves
        // on, the history gets no new revision. The rating in force is still the history's revision, as offline.
        baseB.getCollection(BaseBCollections.RATINGS).insertOne(RatingCodec.current(new RatingRecord(subject, 712, "LOW_RISK", rating.reasons(),
                "scorecard-v1", "f2", 1, Instant.now().minus(Duration.ofHours(1)), LocalDate.now(), "run-2", Map.of())));
        Fixture.activity(elasticsearch, indices, subject);
        return cpf;
    }

    @Test
    void aKnownConsumersVectorIsWhatTheOfflinePathComputesAtTheSameInstant(CapturedOutput output) throws Exception {
        Cpf cpf = known();
        String subject = pseudonymizer.subjectOf(cpf).value();
        queues.drain(ACTIVITY);
        HttpResponse<String> response = Fixture.features(port, Fixture.token("features:read"), body(cpf.formatted(), DATASET));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode vector = JSON.readTree(response.body());
        Dataset dataset = datasets.find(DATASET).orElseThrow();
        assertThat(vector.get("dataset").asString()).isEqualTo(DATASET);
        assertThat(vector.get("definitionHash").asString()).isEqualTo(dataset.definitionHash());
        assertThat(vector.get("population").isNull()).as("a debt unsettled, not bad: inside; %s", vector).isTrue();
        assertThat(vector.get("unavailable")).isEmpty();
        List<String> served = new ArrayList<>();
        vector.get("features").propertyNames().forEach(served::add);
        vector.get("lineage").propertyNames().forEach(served::add);
        assertThat(served).containsExactlyInAnyOrderElementsOf(FeatureLogs.served(dataset).stream().map(Column::name).toList());
        assertThat(vector.get("features").has(Dataset.PSEUDONYM)).isFalse();
        assertThat(vector.get("features").has(Dataset.LABEL)).isFalse();

        // by hand, from Fixture's events: bureau queries 10, 60 and 100 days back; card purchases 2 and 40 days back
        JsonNode f = vector.get("features");
        assertThat(f.get(Dataset.bureauQueries(30)).asLong()).isEqualTo(1);
        assertThat(f.get(Dataset.bureauQueries(90)).asLong()).isEqualTo(2);
        assertThat(f.get(Dataset.bureauQueries(365)).isNull()).as("Base C began 100 days ago: a 365-day window has no source").isTrue();
        assertThat(f.get(Dataset.cardCount(30)).asLong()).isEqualTo(1);
        assertThat(f.get(Dataset.DAYS_SINCE_LAST_CARD_PURCHASE).asInt()).isEqualTo(2);
        assertThat(f.get("served_rating_score").asInt()).isEqualTo(712);
        assertThat(f.get(Dataset.SCORE_AT_T).isInt()).isTrue();
        assertThat(vector.at("/lineage/" + Dataset.SCORE_AT_T_MODEL).asString()).isEqualTo(scorecard.modelVersion());

        // the offline path: Base B's history and the rating history as of the lookup, Base C as of it, the same code
        Instant t = Instant.parse(vector.get("asOf").asString());
        ActivitySummaries activity = new ActivitySummaries(elasticsearch, indices);
        ProfileHistory.SubjectHistory history = new ProfileHistory(baseB).subject(subject, t, ProfileGroup.DEBT_SUMMARY, t, t).orElseThrow();
        SubjectRows.Features offline = new SubjectRows(dataset, LocalDate.ofInstant(t, dataset.zone()), t, t, t, keys.key(dataset.pseudonymKeyId()),
                scorecard, SubjectRows.coverageDays(activity.oldestOccurrence(t), t))
                .features(history.profile(), history.entries(), RatingsAsOf.of(baseB, subject, t), activity.summarize(List.of(subject),
                        dataset.measures(), List.of(EventType.CARD_PURCHASE), t).getOrDefault(subject, ActivitySummaries.Values.NONE));
        for (Column column : FeatureLogs.served(dataset)) {
            Object value = offline.row()[dataset.schema().indexOf(column.name())];
            JsonNode online = (column.role() == Column.Role.LINEAGE ? vector.get("lineage") : f).get(column.name());
            assertThat(JsonValues.same(online, value)).as("%s: online %s, offline %s", column.name(), online, value).isTrue();
        }

        List<Message> recorded = queues.drain(ACTIVITY);
        assertThat(recorded).as("the lookup is recorded once, as a bureau query").hasSize(1);
        assertThat(recorded.get(0).messageAttributes().get(MessageAttributes.SUBJECT).stringValue()).isEqualTo(subject);
        assertThat(JSON.readTree(recorded.get(0).body()).at("/payload/purpose").asString()).isEqualTo("credit-analysis");

        assertThat(output.getAll()).contains("features principal=credit-desk").contains("dataset=" + DATASET).contains("outcome=answered")
                .doesNotContain(cpf.digits()).doesNotContain(cpf.formatted()).doesNotContain(subject);
    }

    @Test
    void aSampledSubjectsLookupIsLoggedAsACommittedParquetBatchWithoutTheCpf(@TempDir Path dir) throws Exception {
        Cpf cpf = known();
        HttpResponse<String> response = Fixture.features(port, Fixture.token("features:read"), body(cpf.digits(), DATASET));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode vector = JSON.readTree(response.body());
        Dataset dataset = datasets.find(DATASET).orElseThrow();
        String subject = pseudonymizer.subjectOf(cpf).value();
        String pseudonym = new Pseudonyms(keys.key(dataset.pseudonymKeyId()), DATASET).of(subject);
        Instant t = Instant.parse(vector.get("asOf").asString());
        String bucket = properties.features().log().s3().bucket();
        String day = FeatureLogs.day(LOGS, DATASET, LocalDate.ofInstant(t, dataset.zone()));

        List<Object[]> rows = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            rows.clear();
            for (S3Object object : featureLogS3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(day)).contents()) {
                if (!object.key().endsWith("/" + FeatureLogs.SUCCESS)) {
                    continue;
                }
                String batch = object.key().substring(0, object.key().length() - FeatureLogs.SUCCESS.length());
                Path file = dir.resolve(Math.abs(batch.hashCode()) + ".parquet");
                featureLogS3.getObject(b -> b.bucket(bucket).key(batch + FeatureLogs.PART), file);
                try (DatasetFileReader reader = new DatasetFileReader(file)) {
                    reader.forEachRemaining(row -> {
                        if (pseudonym.equals(row[0])) {
                            rows.add(row);
                        }
                    });
                }
                java.nio.file.Files.delete(file);
            }
            return !rows.isEmpty();
        });
        Object[] row = rows.get(0);
        assertThat(row[1]).isEqualTo(t);
        assertThat(row[2]).isEqualTo(dataset.definitionHash());
        List<Column> served = FeatureLogs.served(dataset);
        for (int j = 0; j < served.size(); j++) {
            Column column = served.get(j);
            JsonNode online = (column.role() == Column.Role.LINEAGE ? vector.get("lineage") : vector.get("features")).get(column.name());
            assertThat(JsonValues.same(online, row[FeatureLogs.HEAD + j])).as("%s: answered %s, logged %s", column.name(), online, row[FeatureLogs.HEAD + j]).isTrue();
        }
        assertThat(java.util.Arrays.asList(row)).doesNotContain(subject, cpf.digits(), cpf.formatted());
    }

    @Test
    void unknownErasedAndInvalidRequestsGetTheirProblems() throws Exception {
        String token = Fixture.token("features:read");
        HttpResponse<String> unknown = Fixture.features(port, token, body(TestCpfs.random().digits(), DATASET));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        Cpf erased = TestCpfs.random();
        Fixture.erased(baseB, pseudonymizer.subjectOf(erased).value());
        HttpResponse<String> gone = Fixture.features(port, token, body(erased.digits(), DATASET));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("detail").asString()).isEqualTo(JSON.readTree(unknown.body()).get("detail").asString());

        HttpResponse<String> noSuchDataset = Fixture.features(port, token, body(TestCpfs.random().digits(), "credit-default-99m"));
        assertThat(noSuchDataset.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noSuchDataset.body()).at("/errors/0/field").asString()).isEqualTo("dataset");
        assertThat(JSON.readTree(noSuchDataset.body()).at("/errors/0/message").asString()).contains("credit-scoring");

        HttpResponse<String> badCpf = Fixture.features(port, token, body("123.456.789-00", DATASET));
        assertThat(badCpf.statusCode()).isEqualTo(400);
        assertThat(badCpf.body()).doesNotContain("123.456.789-00");
        HttpResponse<String> noPurpose = Fixture.features(port, token, "{\"cpf\":\"" + TestCpfs.random().digits() + "\",\"dataset\":\"" + DATASET + "\"}");
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noPurpose.body()).at("/errors/0/field").asString()).isEqualTo("purpose");
        HttpResponse<String> notJson = Fixture.features(port, token, "{\"cpf\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("detail").asString()).contains("dataset");
    }

    private static String body(String cpf, String dataset) {
        return "{\"cpf\":\"" + cpf + "\",\"dataset\":\"" + dataset + "\",\"purpose\":\"credit-analysis\"}";
    }
}
