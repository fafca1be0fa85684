package io.consumidor.ingest.audit;

import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refusals are audited without a database connection on the request's thread: with every connection of the
 * pool held, a burst of unauthenticated requests is still answered 401 at once, and every one of them reaches the
 * audit log once a connection is free again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"consumidor.ingest.outbox.poll-interval=1h", "spring.datasource.hikari.maximum-pool-size=2",
                "spring.datasource.hikari.connection-timeout=30000"})
class RefusalAuditIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    DataSource pool;

    @Test
    void aBurstOfRefusalsIsAnsweredWithThePoolExhaustedAndEveryRefusalIsAuditedAfterwards() throws Exception {
        String run = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        List<Connection> held = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(pool.getConnection()); // every connection of the app's pool
            }
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/consumers/52998224725"))
                        .header("X-Request-Id", run + "-" + i).header("Authorization", "Bearer not.a.token").timeout(Duration.ofSeconds(10)).GET().build();
                burst.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : burst) {
                answers.add(answer.get());
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without waiting for a connection")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(401);
        JdbcClient admin = JdbcClient.create(TestStack.env().postgresAdmin());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(admin.sql(
                "SELECT count(*) FROM base_a.audit_log WHERE request_id LIKE ? AND status = 401 AND outcome = 'unauthenticated'")
                .param(run + "-%").query(Long.class).single()).isEqualTo(50));
    }
}
