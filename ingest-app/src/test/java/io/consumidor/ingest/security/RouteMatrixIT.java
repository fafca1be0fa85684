package io.consumidor.ingest.security;

import io.consumidor.core.event.EventType;
import io.consumidor.testsupport.RouteMatrix;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base A's API opens exactly its route table: every route the running app maps (its controllers, springdoc, the
 * error controller; and on the management port the actuator) × every HTTP method × every scope set ({@link RouteMatrix}). HEAD of a consumer
 * needs {@code base-a:read} like its GET; nothing answers OPTIONS or TRACE; an endpoint added without a rule is
 * denied, and one added with a rule but not in this table fails here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
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
        RouteMatrix matrix = RouteMatrix.of(app, port, Map.of("cpf", TestCpfs.random().digits(), "debtId", "1"))
                .grant("GET,HEAD", "/consumers/{cpf}", "base-a:read")
                .grant("PUT", "/consumers/{cpf}", "base-a:write")
                .grant("POST", "/consumers/{cpf}/debts", "base-a:write")
                .grant("POST", "/consumers/{cpf}/debts/{debtId}/settle", "base-a:write")
                .grant("DELETE", "/consumers/{cpf}", "base-a:erase");
        for (String scope : EventType.intakeScopes()) {
            matrix.grant("POST", "/events", scope); // any one gets in; each event then needs its own type's
        }
        for (String scope : List.of("base-a:read", "base-a:write", "base-a:erase")) {
            matrix.grant("GET,HEAD", "/v3/api-docs", scope);
        }

        assertThat(matrix.patterns()).contains("/consumers/{cpf}", "/events", "/error").noneMatch(p -> p.startsWith("/actuator"));
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
