package io.consumidor.ingest.consumer;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' endpoints, on the management port: the liveness and readiness probes answer without a token and
 * write no audit row; detailed health and the Prometheus scrape answer a token with {@code ops:read} only — no
 * token is a 401, a data token (even one with every Base A scope) a 403 — and what they show names no consumer:
 * the request metrics carry the route template, never the CPF in the path. The API's port serves no actuator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsEndpointsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    @Autowired
    MeterRegistry meters;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    private String token(String... scopes) {
        return issuer.token("ops-test", List.of(scopes), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    @Test
    void theProbesAreOpenAndUnauditedAndOnlyOpsReadSeesHealthAndMetrics() {
        assertThat(managementPort).isNotEqualTo(port);
        ApiClient api = new ApiClient(managementPort);
        org.springframework.jdbc.core.simple.JdbcClient admin = org.springframework.jdbc.core.simple.JdbcClient.create(TestStack.env().postgresAdmin());
        long auditBefore = admin.sql("SELECT coalesce(max(id), 0) FROM base_a.audit_log").query(Long.class).single();
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> answer = api.get(probe, null);
            assertThat(answer.statusCode()).as(probe + " without a token").isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("status").asString()).isEqualTo("UP");
            assertThat(answer.body()).as("a probe says UP or DOWN, no store's details").doesNotContain("\"db\"");
        }
        assertThat(admin.sql("SELECT count(*) FROM base_a.audit_log WHERE id > ? AND route LIKE '%health%'").param(auditBefore)
                .query(Long.class).single()).as("probes write no audit row").isZero();
        for (String path : List.of("/actuator/health", "/actuator/prometheus", "/actuator/health/readiness")) {
            assertThat(new ApiClient(port).get(path, token("ops:read")).statusCode()).as(path + " on the API's port").isNotEqualTo(200);
        }
        for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator")) {
            assertThat(api.get(path, null).statusCode()).as(path + " without a token").isEqualTo(401);
            HttpResponse<String> data = api.get(path, token("base-a:read", "base-a:write", "base-a:erase"));
            assertThat(data.statusCode()).as(path + " with every data scope").isEqualTo(403);
            assertThat(data.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(api.get(path, token("ops:read")).statusCode()).as(path + " with ops:read").isEqualTo(200);
        }
        JsonNode health = JSON.readTree(api.get("/actuator/health", token("ops:read")).body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asString()).as(health.toString()).isEqualTo("UP");
    }

    @Test
    void theScrapeShowsTheOutboxAndTheRequestsButNoConsumer() {
        ApiClient api = new ApiClient(port);
        String cpf = TestCpfs.random().formatted();
        String name = "Operations Probe Person";
        assertThat(api.put("/consumers/" + cpf, token("base-a:write"), ConsumerApiIT.body(name, "10.00", "OPEN")).statusCode()).isEqualTo(201);
        assertThat(api.get("/consumers/" + cpf, token("base-a:read")).statusCode()).isEqualTo(200);

        double pending = meters.get("consumidor.outbox.pending").gauge().value();
        double age = meters.get("consumidor.outbox.oldest.age").gauge().value();
        assertThat(pending).as("read from the table").isNotNaN().isGreaterThanOrEqualTo(0);
        assertThat(age).isNotNaN().isGreaterThanOrEqualTo(0);

        String scrape = new ApiClient(managementPort).get("/actuator/prometheus", token("ops:read")).body();
        assertThat(scrape).contains("consumidor_outbox_pending_events{application=\"ingest-app\"}")
                .contains("consumidor_outbox_oldest_age_seconds{application=\"ingest-app\"}")
                .contains("consumidor_outbox_sent_total{application=\"ingest-app\"}")
                .contains("uri=\"/consumers/{cpf}\"")
                .contains("hikaricp_connections_active");
        assertThat(scrape).as("no CPF, in either form, and no name").doesNotContain(cpf).doesNotContain(cpf.replaceAll("\\D", ""))
                .doesNotContain(name).doesNotContain("ops-test");
    }
}
