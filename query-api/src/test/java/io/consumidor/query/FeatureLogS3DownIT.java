package io.consumidor.query;

import com.mongodb.client.MongoDatabase;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import io.consumidor.testsupport.TestCpfs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S3 stopped under the lookup log (nothing listens where it should be): feature lookups are still answered at once —
 * the log is a measurement, never a gate — and the rows wait in the bounded buffer while every batch is refused,
 * counted for operators.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_log_down", "spring.data.mongodb.uri=${MONGODB_URI}_query_log_down",
        "consumidor.namespace=" + FeatureLogS3DownIT.NAMESPACE, "consumidor.query.features.log.share=1",
        "consumidor.query.features.log.flush-interval=200ms"})
class FeatureLogS3DownIT {

    static final String NAMESPACE = "qlogdownit";
    private static final String ACTIVITY = Queues.of(Feed.ACTIVITY, Namespace.of(NAMESPACE));

    @DynamicPropertySource
    static void stoppedS3(DynamicPropertyRegistry registry) {
        registry.add("consumidor.query.features.log.s3.endpoint", () -> "http://127.0.0.1:" + Fixture.stoppedPort());
    }

    @LocalServerPort int port;
    @Autowired MongoDatabase baseB;
    @Autowired SubjectPseudonymizer pseudonymizer;
    @Autowired MeterRegistry meters;

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
    void lookupsAreAnsweredWhileTheLogWaitsAndCountsItsRefusedBatches() {
        String token = Fixture.token("features:read");
        for (int i = 0; i < 3; i++) {
            Cpf cpf = TestCpfs.random();
            Fixture.rating(baseB, pseudonymizer.subjectOf(cpf).value());
            long started = System.nanoTime();
            HttpResponse<String> response = Fixture.features(port, token,
                    "{\"cpf\":\"" + cpf.digits() + "\",\"dataset\":\"credit-scoring\",\"purpose\":\"credit-analysis\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat((System.nanoTime() - started) / 1_000_000).as("not held by the log").isLessThan(2_000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("consumidor.features.log.failed.batches").count() >= 1);
        assertThat(meters.get("consumidor.features.log.buffered").gauge().value()).as("kept for the next flush").isEqualTo(3);
        assertThat(meters.counter("consumidor.features.log.rows", "outcome", "written").count()).isZero();
    }
}
