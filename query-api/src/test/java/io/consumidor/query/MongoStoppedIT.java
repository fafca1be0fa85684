package io.consumidor.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestQueues;
import io.consumidor.testsupport.TestStack;
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
 * Base B stopped (nothing listens where MongoDB should be): the rating section is {@code unavailable} within
 * the section limit while the Base C sections are answered; a consumer Base C knows nothing of cannot be told
 * unknown from erased without Base B, so that is a 503, not a 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "consumidor.namespace=" + MongoStoppedIT.NAMESPACE)
class MongoStoppedIT {

    static final String NAMESPACE = "qmongodownit";
    private static final String ACTIVITY = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void stoppedMongo(DynamicPropertyRegistry registry) {
        String uri = "mongodb://127.0.0.1:" + Fixture.stoppedPort() + "/consumidor_query_mongo_down_it";
        registry.add("spring.mongodb.uri", () -> uri);
        registry.add("spring.data.mongodb.uri", () -> uri);
    }

    @LocalServerPort int port;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired SubjectPseudonymizer pseudonymizer;

    private final TestQueues queues = new TestQueues(TestStack.env());

    @BeforeAll
    static void activityQueue() {
        Fixture.createQueue(ACTIVITY);
    }

    @AfterAll
    static void clean(@Autowired ElasticsearchClient elasticsearch, @Autowired BaseCIndices indices) throws Exception {
        IndexTemplates.dropNamespace(elasticsearch, indices);
        Fixture.deleteQueue(ACTIVITY);
    }

    @Test
    void baseCSectionsAreAnsweredAndTheRatingIsUnavailable() throws Exception {
        Cpf cpf = TestCpfs.random();
        Fixture.activity(elasticsearch, indices, pseudonymizer.subjectOf(cpf).value());
        queues.drain(ACTIVITY);
        long started = System.nanoTime();
        HttpResponse<String> response = Fixture.summary(port, Fixture.token("base-c:read", "rating:read"), Fixture.body(cpf.digits(), "credit-analysis"));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(response.body());
        assertThat(summary.at("/rating/status").asString()).isEqualTo("unavailable");
        assertThat(summary.at("/lastBureauQuery/status").asString()).isEqualTo("ok");
        assertThat(summary.at("/lastBureauQuery/data/bureau").asString()).isEqualTo("serasa");
        assertThat(summary.at("/bureauQueries/data/last90Days").asLong()).isEqualTo(2);
        assertThat(summary.at("/movements/data/in90Days").decimalValue()).isEqualByComparingTo("1500.00");
        assertThat(ms).as("MongoDB's 30 s server selection does not hold the answer past the section limit").isLessThan(2_000);
        assertThat(queues.drain(ACTIVITY)).hasSize(1);
    }

    @Test
    void aConsumerBaseCDoesNotKnowIsUndecidableWithoutBaseB() {
        HttpResponse<String> response = Fixture.summary(port, Fixture.token("base-c:read", "rating:read"),
                Fixture.body(TestCpfs.random().digits(), "credit-analysis"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
}
