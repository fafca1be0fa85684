package io.consumidor.ingest.intake;

import io.consumidor.stack.LocalIssuer;
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

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + issuer.token("card-network", List.of("base-a:write"), Duration.ofMinutes(5), LocalIssuer.AUDIENCE))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JdbcClient raw() {
        return JdbcClient.create(TestStack.env().postgresAdmin());
    }

    @Test
    void storesValidEventsUnderTheSubjectAndReportsEachRejectedOne() throws Exception {
        String purchaseId = UUID.randomUUID().toString();
        String body = """
                {"events":[
                  {"eventId":"%s","type":"card.purchase","schemaVersion":1,"occurredAt":"2026-11-01T10:00:00Z","cpf":"529.982.247-25",
                   "payload":{"amount":120.50,"currency":"BRL","merchantCategory":"5411","channel":"ONLINE","cardholderName":"Maria Souza"}},
                  {"type":"financial.movement","schemaVersion":1,"occurredAt":"2026-11-01T11:00:00Z","cpf":"52998224724",
                   "payload":{"amount":10,"currency":"BRL","direction":"IN","kind":"PIX"}},
                  {"type":"financial.movement","schemaVersion":2,"occurredAt":"2026-11-01T11:00:00Z","cpf":"52998224725",
                   "payload":{"amount":-3,"currency":"BRL","direction":"SIDEWAYS","kind":"PIX"}},
                  {"type":"teleport","schemaVersion":1,"occurredAt":"2999-01-01T00:00:00Z","cpf":"52998224725","payload":{}}
                ]}""".formatted(purchaseId);

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
                .doesNotContain("52998224725", "529.982.247-25", "cardholderName", "Maria");
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
