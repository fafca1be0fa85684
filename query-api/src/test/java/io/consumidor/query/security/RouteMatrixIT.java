package io.consumidor.query.security;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.RouteMatrix;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.time.Duration;
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
class RouteMatrixIT {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext app;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    @Test
    void everyRouteAndMethodAnswersOnlyTheScopesItsRuleNames() throws Exception {
        RouteMatrix matrix = new RouteMatrix(app, port, scopes -> issuer.token("route-matrix", scopes, Duration.ofMinutes(5),
                LocalIssuer.AUDIENCE), Map.of("subject", "0".repeat(64)))
                .grant("POST", "/v1/consumers/summary", "base-c:read", "rating:read")
                .grant("GET,HEAD", "/v1/subjects/{subject}/events", "base-c:read");
        for (String endpoint : List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus")) {
            matrix.grant("GET,HEAD", endpoint, "ops:read");
        }
        // The actuator's links page: Boot's endpoint matcher names GET only, so its HEAD is denied.
        matrix.grant("GET", "/actuator", "ops:read");

        assertThat(matrix.patterns()).contains("/v1/consumers/summary", "/v1/subjects/{subject}/events", "/actuator/health");
        List<String> violations = matrix.violations();

        assertThat(violations).as("%d requests walked", matrix.size()).isEmpty();
    }
}
