package io.consumidor.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.MessageAttributes;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.query.load.ReadLimiter;
import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary against the real stores: every section's values for a consumer with a known history, 404 for an
 * unknown and an erased consumer alike, 400 naming the field, the JWT rejection suite, the bureau.query each
 * answered lookup leaves on the activity feed, and no CPF or subject in the log of a full cycle; the operators'
 * health and Prometheus endpoints behind {@code ops:read}, and no CPF or subject in a metric.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_it", "spring.data.mongodb.uri=${MONGODB_URI}_query_it",
        "consumidor.namespace=" + SummaryIT.NAMESPACE})
class SummaryIT {

    static final String NAMESPACE = "qsummaryit";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort int port;
    @org.springframework.boot.test.web.server.LocalManagementPort int managementPort;
    @Autowired MongoDatabase baseB;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired SubjectPseudonymizer pseudonymizer;
    @Autowired ReadLimiter limiter;
    @Autowired QueryProperties properties;
    @Autowired MeterRegistry meters;

    private final TestQueues queues = new TestQueues(TestStack.env());

    private static final String ACTIVITY = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));

    @BeforeAll
    static void activityQueue() {
        Fixture.createQueue(ACTIVITY);
    }

    @AfterAll
    static void clean(@Autowired MongoDatabase baseB, @Autowired ElasticsearchClient elasticsearch, @Autowired BaseCIndices indices)
            throws Exception {
        baseB.drop();
        IndexTemplates.dropNamespace(elasticsearch, indices);
        Fixture.deleteQueue(ACTIVITY);
    }

    private String known() throws Exception {
        Cpf cpf = TestCpfs.random();
        String subject = pseudonymizer.subjectOf(cpf).value();
        Fixture.rating(baseB, subject);
        Fixture.activity(elasticsearch, indices, subject);
        return cpf.digits();
    }

    private static final String[] SCOPES = {"base-c:read", "rating:read"};

    @Test
    void everySectionOfAKnownConsumer(CapturedOutput output) throws Exception {
        String cpf = known();
        String subject = pseudonymizer.subjectOf(Cpf.parse(cpf)).value();
        queues.drain(ACTIVITY);
        HttpResponse<String> response = Fixture.summary(port, Fixture.token(SCOPES), Fixture.body(cpf, "credit-analysis"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.get("subject").asString()).isEqualTo(subject);
        JsonNode rating = summary.get("rating");
        assertThat(rating.get("status").asString()).isEqualTo("ok");
        assertThat(rating.at("/data/score").asInt()).isEqualTo(712);
        assertThat(rating.at("/data/band").asString()).isEqualTo("LOW_RISK");
        assertThat(rating.at("/data/reasons/0/code").asString()).isEqualTo("R03");
        assertThat(rating.at("/data/reasons/0/text").asString()).isEqualTo("Income below the median");
        assertThat(rating.at("/data/modelVersion").asString()).isEqualTo("scorecard-v1");
        assertThat(summary.at("/lastBureauQuery/data/bureau").asString()).isEqualTo("serasa");
        assertThat(summary.at("/lastBureauQuery/data/occurredAt").asString())
                .isEqualTo(Fixture.NOW.minus(java.time.Duration.ofDays(10)).toString());
        assertThat(summary.at("/lastCardPurchase/data/merchantCategory").asString()).isEqualTo("5411");
        assertThat(summary.at("/lastCardPurchase/data/amount").decimalValue()).isEqualByComparingTo("89.90");
        assertThat(summary.at("/bureauQueries/data/last30Days").asLong()).isEqualTo(1);
        assertThat(summary.at("/bureauQueries/data/last90Days").asLong()).isEqualTo(2);
        assertThat(summary.at("/movements/data/in30Days").decimalValue()).isEqualByComparingTo("1000.00");
        assertThat(summary.at("/movements/data/out30Days").decimalValue()).isEqualByComparingTo("200.00");
        assertThat(summary.at("/movements/data/in90Days").decimalValue()).isEqualByComparingTo("1500.00");
        assertThat(summary.at("/movements/data/out90Days").decimalValue()).isEqualByComparingTo("250.25");

        List<Message> recorded = queues.drain(ACTIVITY);
        assertThat(recorded).as("the answered lookup is recorded once").hasSize(1);
        assertThat(recorded.get(0).messageAttributes().get(MessageAttributes.SUBJECT).stringValue()).isEqualTo(subject);
        assertThat(recorded.get(0).messageAttributes().get(MessageAttributes.EVENT_TYPE).stringValue()).isEqualTo("bureau.query");
        JsonNode event = JSON.readTree(recorded.get(0).body());
        assertThat(event.at("/payload/bureau").asString()).isEqualTo("consumidor");
        assertThat(event.at("/payload/purpose").asString()).isEqualTo("credit-analysis");
        assertThat(event.at("/payload/requestedBy").asString()).isEqualTo("credit-desk");
        assertThat(recorded.get(0).body()).doesNotContain(cpf);

        assertThat(output.getAll()).as("the log of a full cycle").contains("outcome=answered")
                .doesNotContain(cpf).doesNotContain(subject).doesNotContain(Cpf.parse(cpf).formatted());
    }

    @Test
    void unknownAndErasedConsumersGetTheSame404AndNothingIsRecorded() {
        Cpf erased = TestCpfs.random();
        Fixture.erased(baseB, pseudonymizer.subjectOf(erased).value());
        queues.drain(ACTIVITY);
        HttpResponse<String> unknown = Fixture.summary(port, Fixture.token(SCOPES), Fixture.body(TestCpfs.random().digits(), "credit-analysis"));
        HttpResponse<String> gone = Fixture.summary(port, Fixture.token(SCOPES), Fixture.body(erased.digits(), "credit-analysis"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(withoutInstance(unknown.body())).isEqualTo(withoutInstance(gone.body()));
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(queues.drain(ACTIVITY)).as("no answer, no record").isEmpty();
    }

    @Test
    void anInvalidRequestIsA400NamingTheField() {
        HttpResponse<String> badCpf = Fixture.summary(port, Fixture.token(SCOPES), Fixture.body("123.456.789-00", "credit-analysis"));
        assertThat(badCpf.statusCode()).isEqualTo(400);
        assertThat(badCpf.body()).contains("\"field\":\"cpf\"").doesNotContain("123.456.789-00").doesNotContain("12345678900");
        HttpResponse<String> noPurpose = Fixture.summary(port, Fixture.token(SCOPES), "{\"cpf\":\"52998224725\"}");
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(noPurpose.body()).contains("\"field\":\"purpose\"").doesNotContain("52998224725");
        HttpResponse<String> notJson = Fixture.summary(port, Fixture.token(SCOPES), "cpf=52998224725");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).doesNotContain("52998224725");
    }

    @Test
    void everyBadTokenIsRefusedAndAMissingScopeIsForbidden() throws Exception {
        String cpf = known();
        String body = Fixture.body(cpf, "credit-analysis");
        assertThat(Fixture.summary(port, null, body).statusCode()).isEqualTo(401);
        for (Map.Entry<String, String> attack : new JwtAttacks(Fixture.ISSUER).all(List.of(SCOPES)).entrySet()) {
            HttpResponse<String> response = Fixture.summary(port, attack.getValue(), body);
            if (attack.getKey().equals("huge")) {
                // 20 kB of header: Tomcat refuses it before any filter runs (400/431), which is a refusal too
                assertThat(response.statusCode()).as(attack.getKey()).isIn(400, 401, 431);
                continue;
            }
            assertThat(response.statusCode()).as(attack.getKey()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(attack.getKey()).contains("application/problem+json");
        }
        assertThat(Fixture.summary(port, Fixture.token("base-c:read"), body).statusCode()).as("no rating:read").isEqualTo(403);
        assertThat(Fixture.summary(port, Fixture.token("rating:read"), body).statusCode()).as("no base-c:read").isEqualTo(403);
        assertThat(Fixture.summary(port, Fixture.token(SCOPES), body).statusCode()).as("both scopes").isEqualTo(200);
    }

    @Test
    void aLookupBeyondTheConcurrentReadLimitWaitsThenIsA503WithRetryAfterAndIsNotRecorded() throws Exception {
        String cpf = known();
        queues.drain(ACTIVITY);
        CountDownLatch taken = new CountDownLatch(properties.maxConcurrentReads());
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders = Executors.newFixedThreadPool(properties.maxConcurrentReads());
        try {
            for (int i = 0; i < properties.maxConcurrentReads(); i++) {
                String holder = "holder-" + i; // each its own client, so together they take every turn
                holders.submit(() -> limiter.call(holder, () -> {
                    taken.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }));
            }
            assertThat(taken.await(10, TimeUnit.SECONDS)).as("every turn taken").isTrue();
            long started = System.nanoTime();
            HttpResponse<String> busy = Fixture.summary(port, Fixture.token(SCOPES), Fixture.body(cpf, "credit-analysis"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited its turn first").isGreaterThanOrEqualTo(properties.readQueueWait());
            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(busy.body()).doesNotContain(cpf);
        } finally {
            release.countDown();
            holders.shutdown();
        }
        assertThat(holders.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queues.drain(ACTIVITY)).as("not answered, not recorded").isEmpty();
        assertThat(Fixture.summary(port, Fixture.token(SCOPES), Fixture.body(cpf, "credit-analysis")).statusCode()).as("turns given back").isEqualTo(200);
    }

    @Test
    void operatorsReadHealthAndMetricsWithOpsReadOnlyAndTheMetricsNameNoConsumer() throws Exception {
        String cpf = known();
        String subject = pseudonymizer.subjectOf(Cpf.parse(cpf)).value();
        long answered = meters.timer("consumidor.query.lookups", "outcome", "answered").count();
        long invalid = meters.timer("consumidor.query.lookups", "outcome", "invalid").count();
        double ratingsOk = meters.counter("consumidor.query.sections", "section", "rating", "status", "ok").count();
        assertThat(Fixture.summary(port, Fixture.token(SCOPES), Fixture.body(cpf, "credit-analysis")).statusCode()).isEqualTo(200);
        assertThat(Fixture.summary(port, Fixture.token(SCOPES), Fixture.body("12345678900", "credit-analysis")).statusCode()).isEqualTo(400);
        assertThat(meters.timer("consumidor.query.lookups", "outcome", "answered").count()).isEqualTo(answered + 1);
        assertThat(meters.timer("consumidor.query.lookups", "outcome", "invalid").count()).isEqualTo(invalid + 1);
        assertThat(meters.counter("consumidor.query.sections", "section", "rating", "status", "ok").count()).isEqualTo(ratingsOk + 1);

        // The operators' endpoints are on the management port: the probes open, the rest for ops:read only.
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            assertThat(Fixture.get(managementPort, null, probe).statusCode()).as(probe + " without a token").isEqualTo(200);
        }
        for (String path : List.of("/actuator/prometheus", "/actuator/health")) {
            assertThat(Fixture.get(managementPort, null, path).statusCode()).as(path + " without a token").isEqualTo(401);
            HttpResponse<String> dataScopes = Fixture.get(managementPort, Fixture.token(SCOPES), path);
            assertThat(dataScopes.statusCode()).as(path + " with the data scopes only").isEqualTo(403);
            assertThat(dataScopes.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(Fixture.get(managementPort, Fixture.token("ops:read"), path).statusCode()).as(path + " with ops:read").isEqualTo(200);
            assertThat(Fixture.get(port, Fixture.token("ops:read"), path).statusCode()).as(path + " on the API's port").isNotEqualTo(200);
        }
        JsonNode health = JSON.readTree(Fixture.get(managementPort, Fixture.token("ops:read"), "/actuator/health").body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/mongodb/status").asString()).as(health.toString()).isEqualTo("UP");
        assertThat(health.at("/components/elasticsearch/status").asString()).as(health.toString()).isEqualTo("UP");

        String scrape = Fixture.get(managementPort, Fixture.token("ops:read"), "/actuator/prometheus").body();
        assertThat(scrape).contains("consumidor_query_lookups_seconds_count{application=\"query-api\",outcome=\"answered\"}")
                .contains("consumidor_query_sections_total{application=\"query-api\",section=\"movements\",status=\"ok\"}")
                .contains("consumidor_query_reads_active{application=\"query-api\"}")
                .contains("consumidor_query_reads_refused_total{application=\"query-api\"}")
                .contains("uri=\"/v1/consumers/summary\"")
                .contains("http_server_requests_seconds_bucket{");
        assertThat(scrape).as("no CPF, pseudonym or caller in a metric").doesNotContain(cpf).doesNotContain(subject)
                .doesNotContain("12345678900").doesNotContain("credit-desk");
    }

    private static String withoutInstance(String problem) {
        return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
    }
}
