package io.consumidor.router;

import io.consumidor.testsupport.OperationsPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's operators' port, its only HTTP: the probes open, detailed health (the stores and the queues) and the
 * Prometheus scrape (with the router's own meters) for {@code ops:read} only, everything else denied. The router as
 * it ships, on its harness's queues and database and a free port.
 */
class OperationsPortIT {

    private static RouterHarness harness;
    private static ConfigurableApplicationContext router;

    @BeforeAll
    static void start() {
        harness = new RouterHarness();
        router = harness.startRouter("server.port=0");
    }

    @AfterAll
    static void stop() {
        router.close();
        harness.close();
    }

    @Test
    void theProbesAreOpenAndOnlyOpsReadSeesHealthAndMetrics() {
        int port = Integer.parseInt(router.getEnvironment().getProperty("local.server.port"));
        OperationsPort operations = new OperationsPort(port);
        String scrape = operations.assertServesOperatorsOnly("stream-router", "base-c:read");
        assertThat(scrape).as("the router's backlog meter").contains("router_queue_backlog{");
        assertThat(operations.send("GET", "/actuator/health", operations.token("ops:read")).body())
                .as("Base B's and SQS's indicators").contains("\"mongodb\"").contains("\"sqs\"");
    }
}
