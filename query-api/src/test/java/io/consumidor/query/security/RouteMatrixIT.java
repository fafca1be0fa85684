package io.consumidor.query.security;

import io.consumidor.testsupport.RouteMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API opens exactly its route table: every route the running app maps × every HTTP method × every
 * scope set ({@link RouteMatrix}); every refusal, the servlet container's included, an RFC 9457 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.uri=${MONGODB_URI}_query_routes", "spring.data.mongodb.uri=${MONGODB_URI}_query_routes",
        "consumidor.namespace=qroutesit"})
@org.springframework.context.annotation.Import(io.consumidor.testsupport.ManagementContextCapture.class)
class RouteMatrixIT {

    @LocalServerPort
    int port;

    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    @Autowired
    io.consumidor.testsupport.ManagementContextCapture management;

    @Autowired
    ApplicationContext app;

    @Test
    void everyRouteAndMethodAnswersOnlyTheScopesItsRuleNames() throws Exception {
        RouteMatrix matrix = RouteMatrix.of(app, port, Map.of("subject", "0".repeat(64)))
                .grant("POST", "/v1/consumers/summary", "base-c:read", "rating:read")
                .grant("GET,HEAD", "/v1/subjects/{subject}/events", "base-c:read")
                .grant("POST", "/v1/features", "features:read");

        assertThat(matrix.patterns()).contains("/v1/consumers/summary", "/v1/subjects/{subject}/events", "/v1/features").noneMatch(p -> p.startsWith("/actuator"));
        List<String> violations = matrix.violations();

        assertThat(violations).as("%d requests walked", matrix.size()).isEmpty();
    }

    @Test
    void theManagementPortOpensTheActuatorToOpsReadOnly() throws Exception {
        RouteMatrix matrix = RouteMatrix.of(management.context(), managementPort, Map.of()).grantActuator();

        assertThat(matrix.patterns()).contains("/actuator/health", "/actuator/prometheus");
        assertThat(matrix.violations()).as("%d requests walked", matrix.size()).isEmpty();
    }
}
