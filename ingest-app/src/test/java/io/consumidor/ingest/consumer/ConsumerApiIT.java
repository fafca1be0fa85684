package io.consumidor.ingest.consumer;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerApiIT {

    static final String CPF = "529.982.247-25";
    static final String NAME = "Maria Aparecida Souza";
    static final String STREET = "Rua das Laranjeiras";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final LocalIssuer issuer = new LocalIssuer(TestStack.env().settings());

    static String body(String name, String amount, String status) {
        return """
                {"name":"%s","address":{"street":"%s","number":"100","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                 "birthDate":"1985-04-12",
                 "debts":[{"creditorCnpj":"11222333000181","amount":%s,"currency":"BRL","dueDate":"2026-01-10","status":"%s","contractReference":"CTR-998877"}],
                 "assets":[{"kind":"VEHICLE","value":45000,"paidOff":true}],
                 "incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":5200.00,"since":"2019-03-01"}]}
                """.formatted(name, STREET, amount, status);
    }

    String token(String... scopes) {
        return issuer.token("test-client", List.of(scopes), Duration.ofMinutes(5), LocalIssuer.AUDIENCE);
    }

    ApiClient api() {
        return new ApiClient(port);
    }

    /** Superuser view of the database, to check what is really stored. */
    JdbcClient raw() {
        return JdbcClient.create(TestStack.env().postgresAdmin());
    }

    @Test
    void registersReadsAndStoresOnlyCiphertext() {
        String cpf = "111.444.777-35";
        api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());

        HttpResponse<String> created = api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "1500.50", "DEFAULTED"));
        HttpResponse<String> read = api().get("/consumers/11144477735", token("base-a:read"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"\\d+\""));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains(NAME, STREET, "\"cpf\":\"111.444.777-35\"", "CTR-998877", "\"status\":\"DEFAULTED\"",
                "\"assets\":[{\"kind\":\"VEHICLE\"", "\"monthlyAmount\":5200.00");
        // Every row written in the last minutes (this consumer among them), not the whole table: a shared local
        // stack may hold hundreds of thousands of benchmark rows.
        String dump = raw().sql("SELECT string_agg(row_to_json(c)::text, ' ') FROM base_a.consumer c WHERE updated_at > now() - interval '5 minutes'")
                .query(String.class).single()
                + raw().sql("SELECT string_agg(row_to_json(d)::text, ' ') FROM base_a.debt d WHERE created_at > now() - interval '5 minutes'")
                .query(String.class).single();
        assertThat(dump).doesNotContain("11144477735", "111.444.777-35", "Maria", "Laranjeiras", "CTR-998877");
    }

    @Test
    void everyWriteAndLookupLeavesEventsWithoutPiiInTheOutbox() {
        String cpf = "935.411.347-80";
        api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());
        api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "200.00", "OPEN"));
        api().get("/consumers/" + cpf, token("base-a:read"));

        List<String> events = raw().sql("SELECT envelope::text FROM base_a.outbox ORDER BY id DESC LIMIT 2").query(String.class).list();

        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"type\": \"bureau.query\"", "\"requestedBy\": \"test-client\""));
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"type\": \"consumer.profile\"", "\"birthYear\": 1985",
                "\"region\": \"PE\"", "\"openCount\": 1", "\"oldestUnpaidDueDate\": \"2026-01-10\""));
        assertThat(String.join(" ", events)).doesNotContain("93541134780", "935.411.347-80", "Maria", "Laranjeiras", "CTR-998877");
    }

    @Test
    void everyAnsweredLookupIsRecordedOnceAndAnUnansweredOneNotAtAll() {
        String cpf = TestCpfs.random().formatted();
        api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN"));
        String subject = raw().sql("SELECT subject FROM base_a.outbox WHERE event_type = 'consumer.profile' ORDER BY id DESC LIMIT 1")
                .query(String.class).single();

        int first = api().get("/consumers/" + cpf, token("base-a:read")).statusCode();
        int second = api().get("/consumers/" + cpf, token("base-a:read")).statusCode();
        long answered = bureauQueriesOf(subject);
        api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());
        long before = raw().sql("SELECT coalesce(max(id), 0) FROM base_a.outbox").query(Long.class).single();
        int erased = api().get("/consumers/" + cpf, token("base-a:read")).statusCode();
        int unknown = api().get("/consumers/" + TestCpfs.random().formatted(), token("base-a:read")).statusCode();

        assertThat(List.of(first, second, erased, unknown)).containsExactly(200, 200, 404, 404);
        assertThat(answered).isEqualTo(2);
        assertThat(bureauQueriesOf(subject)).as("the erasure took the subject's outbox rows with it").isZero();
        assertThat(raw().sql("SELECT count(*) FROM base_a.outbox WHERE id > ? AND event_type = 'bureau.query'").param(before)
                .query(Long.class).single()).isZero();
    }

    private long bureauQueriesOf(String subject) {
        return raw().sql("SELECT count(*) FROM base_a.outbox WHERE subject = ? AND event_type = 'bureau.query'").param(subject)
                .query(Long.class).single();
    }

    @Test
    void replacingNeedsTheCurrentVersion() {
        String cpf = "000.000.001-91";
        api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());
        long version = version(api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN")));

        HttpResponse<String> withoutIfMatch = api().put("/consumers/" + cpf, token("base-a:write"), body("Outra Pessoa", "10.00", "OPEN"));
        HttpResponse<String> stale = api().send("PUT", "/consumers/" + cpf, token("base-a:write"), body("Outra Pessoa", "10.00", "OPEN"),
                Map.of("If-Match", "\"" + (version - 1) + "\""));
        HttpResponse<String> current = api().send("PUT", "/consumers/" + cpf, token("base-a:write"), body("Outra Pessoa", "10.00", "OPEN"),
                Map.of("If-Match", "\"" + version + "\""));

        assertThat(withoutIfMatch.statusCode()).isEqualTo(428);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(version(current)).isGreaterThan(version);
    }

    static long version(HttpResponse<String> response) {
        return Long.parseLong(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    @Test
    void aConsumerRegisteredAgainAfterErasureGetsAVersionAboveTheErasures() {
        String cpf = TestCpfs.random().formatted();
        long first = version(api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN")));
        api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());
        String subject = raw().sql("SELECT subject FROM base_a.outbox WHERE event_type = 'consumer.erased' ORDER BY id DESC LIMIT 1")
                .query(String.class).single();
        long tombstone = raw().sql("SELECT source_version FROM base_a.outbox WHERE subject = ? AND event_type = 'consumer.erased' LIMIT 1")
                .param(subject).query(Long.class).single();

        long again = version(api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN")));

        assertThat(tombstone).isGreaterThan(first);
        assertThat(again).isGreaterThan(tombstone);
    }

    @Test
    void simultaneousFirstRegistrationsOfOneCpfStoreItOnce() throws Exception {
        String cpf = TestCpfs.random().digits();
        String token = token("base-a:write");
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<String>>> puts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                puts.add(clients.submit(() -> api().put("/consumers/" + cpf, token, body(NAME, "10.00", "OPEN"))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> put : puts) {
                statuses.add(put.get().statusCode());
            }

            // One wins; the others learn that the consumer exists now and that replacing it needs If-Match.
            assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 428);
            String subject = puts.stream().map(ConsumerApiIT::body).filter(b -> b.contains("\"subject\""))
                    .findFirst().orElseThrow().replaceAll(".*\"subject\":\"([^\"]+)\".*", "$1");
            assertThat(raw().sql("SELECT count(*) FROM base_a.outbox WHERE subject = ? AND event_type = 'consumer.profile'")
                    .param(subject).query(Long.class).single()).isEqualTo(1);
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void ifMatchOnAnAbsentConsumerRegistersIt() {
        String cpf = TestCpfs.random().digits();

        HttpResponse<String> created = api().send("PUT", "/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN"),
                Map.of("If-Match", "\"3\""));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(version(created)).isPositive();
    }

    private static String body(Future<HttpResponse<String>> response) {
        try {
            return response.get().body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void erasureRemovesTheConsumerAndLeavesATombstone() {
        String cpf = "123.456.789-09";
        api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN"));

        HttpResponse<String> erased = api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());
        HttpResponse<String> after = api().get("/consumers/" + cpf, token("base-a:read"));

        assertThat(erased.statusCode()).isEqualTo(204);
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(after.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(raw().sql("SELECT count(*) FROM base_a.outbox WHERE event_type = 'consumer.erased' AND created_at > now() - interval '1 minute'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void addsAndSettlesDebtsMovingTheVersionAndTellingBaseB() {
        String cpf = "529.982.247-25";
        api().send("DELETE", "/consumers/" + cpf, token("base-a:erase"), null, Map.of());
        long registered = version(api().put("/consumers/" + cpf, token("base-a:write"), body(NAME, "10.00", "OPEN")));
        String debt = """
                {"creditorCnpj":"11222333000181","amount":250.00,"currency":"BRL","dueDate":"2025-12-01","status":"DEFAULTED","contractReference":"CTR-2"}""";

        HttpResponse<String> added = api().send("POST", "/consumers/" + cpf + "/debts", token("base-a:write"), debt, Map.of());
        String debtId = added.body().replaceAll(".*\"id\":(\\d+).*", "$1");
        HttpResponse<String> settled = api().send("POST", "/consumers/" + cpf + "/debts/" + debtId + "/settle", token("base-a:write"), null, Map.of());
        HttpResponse<String> settledAgain = api().send("POST", "/consumers/" + cpf + "/debts/" + debtId + "/settle", token("base-a:write"), null, Map.of());
        HttpResponse<String> negative = api().send("POST", "/consumers/" + cpf + "/debts", token("base-a:write"),
                debt.replace("250.00", "-1"), Map.of());
        HttpResponse<String> read = api().get("/consumers/" + cpf, token("base-a:read"));

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(settled.statusCode()).isEqualTo(204);
        assertThat(settledAgain.statusCode()).isEqualTo(404);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(version(read)).isGreaterThan(registered);
        assertThat(read.body()).contains("\"status\":\"SETTLED\"", "\"status\":\"OPEN\"");
        String summary = raw().sql("SELECT envelope::text FROM base_a.outbox WHERE event_type = 'consumer.debt_summary' ORDER BY id DESC LIMIT 1")
                .query(String.class).single();
        // The summary after settling carries the version the consumer has now, and facts, not a judgement.
        assertThat(summary).contains("\"sourceVersion\": " + version(read), "\"defaultedCount\": 0", "\"openCount\": 1",
                "\"oldestUnpaidDueDate\": \"2026-01-10\"").doesNotContain("maxDaysOverdue");
    }
}
