package io.consumidor.query;

import com.mongodb.client.MongoDatabase;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base C stopped (nothing listens where Elasticsearch should be): the summary still answers with Base B's
 * rating and says {@code unavailable} for every Base C section, still records the lookup, still tells an erased
 * consumer 404; the event history is a 503 problem, never a 500. A feature vector answers its Base B features and
 * names every column that needs Base C unavailable, null — never zero. Operators see it: Base C down in the health,
 * its sections counted unavailable, the API still live and ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_es_down_it", "spring.data.mongodb.uri=${MONGODB_URI}_query_es_down_it",
        "consumidor.namespace=" + ElasticsearchStoppedIT.NAMESPACE})
class ElasticsearchStoppedIT {

    static final String NAMESPACE = "qesdownit";
    private static final String ACTIVITY = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void stoppedElasticsearch(DynamicPropertyRegistry registry) {
        registry.add("consumidor.elasticsearch.uris", () -> "http://127.0.0.1:" + Fixture.stoppedPort());
    }

    @LocalServerPort int port;
    @org.springframework.boot.test.web.server.LocalManagementPort int managementPort;
    @Autowired MongoDatabase baseB;
    @Autowired SubjectPseudonymizer pseudonymizer;
    @Autowired MeterRegistry meters;

    private final TestQueues queues = new TestQueues(TestStack.env());

    @BeforeAll
    static void activityQueue() {
        Fixture.createQueue(ACTIVITY);
    }

    @AfterAll
    static void clean(@Autowired MongoDatabase baseB) {
        baseB.drop();
        Fixture.deleteQueue(ACTIVITY);
    }

    @Test
    void theRatingIsAnsweredAndEveryBaseCSectionIsUnavailable() throws Exception {
        Cpf cpf = TestCpfs.random();
        Fixture.rating(baseB, pseudonymizer.subjectOf(cpf).value());
        queues.drain(ACTIVITY);
        long started = System.nanoTime();
        HttpResponse<String> response = Fixture.summary(port, Fixture.token("base-c:read", "rating:read"), Fixture.body(cpf.digits(), "credit-analysis"));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.at("/rating/status").asString()).isEqualTo("ok");
        assertThat(summary.at("/rating/data/score").asInt()).isEqualTo(712);
        for (String section : new String[] {"lastBureauQuery", "lastCardPurchase", "bureauQueries", "movements"}) {
            assertThat(summary.at("/" + section + "/status").asString()).as(section).isEqualTo("unavailable");
            assertThat(summary.at("/" + section).has("data")).as(section).isFalse();
        }
        assertThat(ms).as("a refused connection does not hold the answer").isLessThan(2_000);
        assertThat(queues.drain(ACTIVITY)).as("an answered lookup is recorded even with Base C down").hasSize(1);
    }

    @Test
    void operatorsSeeBaseCDownAndItsSectionsUnavailableWhileTheApiStaysLiveAndReady() throws Exception {
        Cpf cpf = TestCpfs.random();
        Fixture.rating(baseB, pseudonymizer.subjectOf(cpf).value());
        double unavailable = meters.counter("consumidor.query.sections", "section", "movements", "status", "unavailable").count();
        assertThat(Fixture.summary(port, Fixture.token("base-c:read", "rating:read"), Fixture.body(cpf.digits(), "credit-analysis"))
                .statusCode()).isEqualTo(200);
        assertThat(meters.counter("consumidor.query.sections", "section", "movements", "status", "unavailable").count())
                .isEqualTo(unavailable + 1);

        HttpResponse<String> health = Fixture.get(managementPort, Fixture.token("ops:read"), "/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        JsonNode components = JSON.readTree(health.body()).get("components");
        assertThat(components.at("/elasticsearch/status").asString()).isEqualTo("DOWN");
        assertThat(components.at("/mongodb/status").asString()).isEqualTo("UP");
        for (String probe : new String[] {"liveness", "readiness"}) {
            HttpResponse<String> response = Fixture.get(managementPort, null, "/actuator/health/" + probe);
            assertThat(response.statusCode()).as(probe + ": one store down still answers, section by section").isEqualTo(200);
        }
    }

    @Test
    void unknownAndErasedStayAs404OrUndecidableWithoutBaseC() {
        Cpf erased = TestCpfs.random();
        Fixture.erased(baseB, pseudonymizer.subjectOf(erased).value());
        String token = Fixture.token("base-c:read", "rating:read");
        assertThat(Fixture.summary(port, token, Fixture.body(erased.digits(), "credit-analysis")).statusCode())
                .as("a tombstone in Base B is an erasure, whatever Base C would say").isEqualTo(404);
        HttpResponse<String> unknown = Fixture.summary(port, token, Fixture.body(TestCpfs.random().digits(), "credit-analysis"));
        assertThat(unknown.statusCode()).as("absent from Base B, and Base C cannot be asked: not a certain 404").isEqualTo(503);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void aFeatureVectorMarksEveryColumnThatNeedsBaseCUnavailableNeverZero() throws Exception {
        Cpf cpf = TestCpfs.random();
        Fixture.rating(baseB, pseudonymizer.subjectOf(cpf).value());
        queues.drain(ACTIVITY);
        HttpResponse<String> response = Fixture.features(port, Fixture.token("features:read"),
                "{\"cpf\":\"" + cpf.digits() + "\",\"dataset\":\"credit-scoring\",\"purpose\":\"credit-analysis\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode vector = JSON.readTree(response.body());
        java.util.List<String> unavailable = new java.util.ArrayList<>();
        vector.get("unavailable").forEach(n -> unavailable.add(n.asString()));
        assertThat(unavailable).contains("bureau_queries_30d", "card_purchases_count_7d", "days_since_last_card_purchase", "score_at_t",
                "score_at_t_band", "base_c_coverage_days").doesNotContain("age", "debts_open_count", "served_rating_score");
        for (String column : unavailable) {
            JsonNode value = vector.get("features").has(column) ? vector.get("features").get(column) : vector.get("lineage").get(column);
            assertThat(value.isNull()).as(column).isTrue();
        }
        assertThat(vector.at("/features/served_rating_score").asInt()).as("Base B's features still answer").isEqualTo(712);
        assertThat(vector.at("/features/debts_open_count").isNumber()).isTrue();
        assertThat(queues.drain(ACTIVITY)).as("recorded, as a summary is").hasSize(1);
    }

    @Test
    void theEventHistoryIsA503Problem() {
        String subject = pseudonymizer.subjectOf(TestCpfs.random()).value();
        HttpResponse<String> response = Fixture.get(port, Fixture.token("base-c:read"), "/v1/subjects/" + subject + "/events?purpose=credit-analysis");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
}
