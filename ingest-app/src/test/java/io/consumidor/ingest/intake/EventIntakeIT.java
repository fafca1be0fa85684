package io.consumidor.ingest.intake;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JwtAttacks;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventIntakeIT {

    @LocalServerPort
    int port;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());
    private final JwtAttacks tokens = new JwtAttacks(issuer);

    /** A producer's token: its client id and the intake scopes it holds. */
    private String producer(String client, String... scopes) {
        return issuer.sign(tokens.validClaims(List.of(scopes)).claim("azp", client).build());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post(body, producer("card-network", "events:card", "events:movement"));
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        return send("POST", "/events", body, token);
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A consumer Base A holds, registered through the API; events are accepted for such consumers only. */
    private Cpf registered() throws Exception {
        Cpf cpf = TestCpfs.random();
        HttpResponse<String> response = send("PUT", "/consumers/" + cpf.digits(), """
                {"name":"Intake Target","address":{"street":"Rua A","number":"1","complement":null,"city":"Recife","state":"PE",
                 "postalCode":"50000000"},"birthDate":"1985-04-12","debts":[],"assets":[],"incomeSources":[]}""",
                issuer.token("registrar", List.of("base-a:write"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return cpf;
    }

    private static String purchase(String cpf) {
        return """
                {"events":[{"type":"card.purchase","schemaVersion":1,"occurredAt":"2026-11-01T10:00:00Z","cpf":"%s",
                  "payload":{"amount":12.50,"currency":"BRL","merchantCategory":"5411","channel":"ONLINE"}}]}""".formatted(cpf);
    }

    private JdbcClient raw() {
        return JdbcClient.create(TestStack.env().postgresAdmin());
    }

    @Test
    void storesValidEventsUnderTheSubjectWithTheirProducerAndReportsEachRejectedOne() throws Exception {
        Cpf cpf = registered();
        String purchaseId = UUID.randomUUID().toString();
        String body = """
                {"events":[
                  {"eventId":"%s","type":"card.purchase","schemaVersion":1,"occurredAt":"2026-11-01T10:00:00Z","cpf":"%s",
                   "payload":{"amount":120.50,"currency":"BRL","merchantCategory":"5411","channel":"ONLINE","cardholderName":"Maria Souza"}},
                  {"type":"financial.movement","schemaVersion":1,"occurredAt":"2026-11-01T11:00:00Z","cpf":"52998224724",
                   "payload":{"amount":10,"currency":"BRL","direction":"IN","kind":"PIX"}},
                  {"type":"financial.movement","schemaVersion":2,"occurredAt":"2026-11-01T11:00:00Z","cpf":"52998224725",
                   "payload":{"amount":-3,"currency":"BRL","direction":"SIDEWAYS","kind":"PIX"}},
                  {"type":"teleport","schemaVersion":1,"occurredAt":"2999-01-01T00:00:00Z","cpf":"52998224725","payload":{}}
                ]}""".formatted(purchaseId, cpf.formatted());

        HttpResponse<String> response = post(body);
        HttpResponse<String> again = post(body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":1", purchaseId, "\"index\":1", "cpf: CPF check digits do not match",
                "\"index\":2", "schemaVersion: only version 1 is accepted", "payload.amount", "payload.direction",
                "\"index\":3", "type: must be one of", "occurredAt: must not be in the future");
        assertThat(response.body()).doesNotContain("52998224724");
        assertThat(again.statusCode()).isEqualTo(202);
        List<String> stored = raw().sql("SELECT envelope::text FROM base_a.outbox WHERE event_id = ?::uuid")
                .param(purchaseId).query(String.class).list();
        assertThat(stored).singleElement().asString()
                .contains("\"merchantCategory\": \"5411\"", "\"subject\": \"dev_")
                .doesNotContain(cpf.digits(), cpf.formatted(), "cardholderName", "Maria");
        assertThat(raw().sql("SELECT producer FROM base_a.outbox WHERE event_id = ?::uuid").param(purchaseId).query(String.class).single())
                .isEqualTo("card-network");
    }

    @Test
    void eachTypeNeedsItsOwnScopeAndBaseAScopesSendNothing() throws Exception {
        Cpf cpf = registered();
        String bureauQuery = """
                {"events":[{"type":"bureau.query","schemaVersion":1,"occurredAt":"2026-11-01T10:00:00Z","cpf":"%s",
                  "payload":{"bureau":"serasa","purpose":"credit-analysis"}}]}""".formatted(cpf.digits());
        long before = raw().sql("SELECT count(*) FROM base_a.outbox").query(Long.class).single();

        HttpResponse<String> cardNetwork = post(bureauQuery, producer("card-network", "events:card"));
        HttpResponse<String> baseAWriter = post(purchase(cpf.digits()), issuer.token("writer", List.of("base-a:write", "base-a:erase"),
                Duration.ofMinutes(5), LocalIssuer.AUDIENCE));

        assertThat(cardNetwork.statusCode()).isEqualTo(403);
        assertThat(cardNetwork.body()).contains("may not send bureau.query", "events:bureau-query");
        assertThat(baseAWriter.statusCode()).as("no intake scope at all: the route refuses it").isEqualTo(403);
        assertThat(raw().sql("SELECT count(*) FROM base_a.outbox").query(Long.class).single()).isEqualTo(before);
        assertThat(post(bureauQuery, producer("bureau", "events:bureau-query")).statusCode()).isEqualTo(202);
    }

    @Test
    void eventsForAConsumerBaseADoesNotHoldAreRefused() throws Exception {
        long before = raw().sql("SELECT count(*) FROM base_a.outbox").query(Long.class).single();

        HttpResponse<String> response = post(purchase(TestCpfs.random().digits()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Base A holds no consumer with this CPF");
        assertThat(raw().sql("SELECT count(*) FROM base_a.outbox").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void batchWithNothingValidIsA400ProblemAndStoresNothing() throws Exception {
        long before = raw().sql("SELECT count(*) FROM base_a.outbox").query(Long.class).single();

        HttpResponse<String> response = post("""
                {"events":[{"type":"card.purchase","schemaVersion":1,"occurredAt":"yesterday","cpf":"123","payload":{}}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"rejected\"", "occurredAt", "cpf", "payload.amount");
        assertThat(raw().sql("SELECT count(*) FROM base_a.outbox").query(Long.class).single()).isEqualTo(before);
    }
}
