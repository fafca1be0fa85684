package io.consumidor.ingest.audit;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailIT {

    private static final String CPF = "390.533.447-05";
    private static final String NAME = "Joana Bezerra Lima";
    private static final String STREET = "Avenida Boa Viagem";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    private HttpResponse<String> call(String method, String path, String token, String body, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Request-Id", requestId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String... scopes) {
        return issuer.token("auditor-test", List.of(scopes), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    @org.springframework.beans.factory.annotation.Autowired
    RefusalAudit refusals;

    private Map<String, Object> auditRow(String requestId) {
        refusals.flush(); // refusals are written in batches, off the request's thread
        return JdbcClient.create(TestStack.env().postgresAdmin()).sql("SELECT * FROM base_a.audit_log WHERE request_id = ?").param(requestId).query().singleRow();
    }

    @Test
    void everyRequestIsAuditedWithItsRouteTemplateAndOutcomeButNoCpf() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String body = """
                {"name":"%s","address":{"street":"%s","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"51020000"},
                 "birthDate":"1990-01-01","debts":[],"assets":[],"incomeSources":[]}""".formatted(NAME, STREET);

        call("DELETE", "/consumers/" + CPF, token("base-a:erase"), null, "cleanup-" + run);
        call("PUT", "/consumers/" + CPF, token("base-a:write"), body, "put-" + run);
        call("GET", "/consumers/" + CPF, token("base-a:read"), null, "get-" + run);
        call("GET", "/consumers/" + CPF, null, null, "anon-" + run);
        call("DELETE", "/consumers/" + CPF, token("base-a:read"), null, "forbidden-" + run);
        call("PUT", "/consumers/390.533.447-00", token("base-a:write"), body, "invalid-" + run);

        assertThat(auditRow("put-" + run)).containsEntry("route", "/consumers/{cpf}").containsEntry("status", 201)
                .containsEntry("principal", "auditor-test").containsEntry("method", "PUT").containsEntry("outcome", "ok");
        assertThat(auditRow("get-" + run)).containsEntry("status", 200).containsEntry("client_id", "pipeline-cli");
        assertThat(auditRow("anon-" + run)).containsEntry("status", 401).containsEntry("outcome", "unauthenticated")
                .containsEntry("route", "/consumers/{id}").containsEntry("principal", null);
        assertThat(auditRow("forbidden-" + run)).containsEntry("status", 403).containsEntry("principal", "auditor-test");
        assertThat(auditRow("invalid-" + run)).containsEntry("status", 400).containsEntry("outcome", "rejected");
    }

    @Test
    void aFullRequestCycleLogsNoCpfNameOrAddress(CapturedOutput output) throws Exception {
        String body = """
                {"name":"%s","address":{"street":"%s","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"51020000"},
                 "birthDate":"1990-01-01","debts":[{"creditorCnpj":"11222333000181","amount":-1,"currency":"BRL","dueDate":"2026-01-10","status":"OPEN","contractReference":"CTR-1"}],
                 "assets":[],"incomeSources":[]}""".formatted(NAME, STREET);
        String valid = body.replace("\"amount\":-1", "\"amount\":10");

        call("PUT", "/consumers/" + CPF, token("base-a:write"), body, "log-invalid-body");
        call("PUT", "/consumers/" + CPF, token("base-a:write"), "{\"name\": \"" + NAME + "\", ", "log-malformed");
        call("PUT", "/consumers/39053344700", token("base-a:write"), valid, "log-invalid-cpf");
        call("DELETE", "/consumers/" + CPF, token("base-a:erase"), null, "log-erase-1");
        call("PUT", "/consumers/" + CPF, token("base-a:write"), valid, "log-put");
        call("GET", "/consumers/" + CPF, token("base-a:read"), null, "log-get");
        call("GET", "/consumers/" + CPF, "forged.token.value", null, "log-forged");
        call("DELETE", "/consumers/" + CPF, token("base-a:erase"), null, "log-erase-2");

        assertThat(output.getAll()).doesNotContain("39053344705", "390.533.447-05", "39053344700", "Joana", "Bezerra", "Boa Viagem", "CTR-1");
    }
}
