package io.consumidor.system;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.basec.EventFields;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query API as deployed, on the data the pipeline wrote: ingest-app, the router and query-api as processes
 * on this test's namespace and databases. Activity posted out of order (the newest card purchase first, an
 * older one after it) still summarises to the newest; the lookup's own bureau.query goes round the pipeline
 * (activity queue → router → Base C) and shows in the next summary; no log of the three apps holds the CPF.
 */
class QueryApiEndToEndIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PipelineStores stores;
    private static final List<AppProcess> apps = new ArrayList<>();
    private static IngestApi ingest;
    private static int queryPort;

    @BeforeAll
    static void start() {
        stores = new PipelineStores();
        apps.add(stores.startRouter("query-e2e-router"));
        ingest = IngestApi.start(stores, "query-e2e-ingest-app");
        apps.add(ingest.process);
        queryPort = IngestApi.freePort();
        apps.add(AppProcess.start(stores.stack, "query-api", "query-e2e-query-api", stores.environment(),
                List.of("--server.port=" + queryPort), () -> AppProcess.answersHttp(queryPort)));
    }

    @AfterAll
    static void stop() {
        apps.forEach(AppProcess::close);
        stores.close();
    }

    @Test
    void summarisesWhatThePipelineWroteAndRecordsTheLookupThroughIt() throws Exception {
        Cpf cpf = TestCpfs.random();
        HttpResponse<String> registered = ingest.send("PUT", "/consumers/" + cpf.digits(), "base-a:write", """
                {"name":"Severino Araújo","address":{"street":"Rua do Sol","number":"9","complement":null,"city":"Caruaru","state":"PE","postalCode":"55000000"},
                 "birthDate":"1988-02-14","debts":[],"assets":[],"incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":4200.00,"since":"2019-05-01"}]}""");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String subject = JSON.readTree(registered.body()).get("subject").asString();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Out of order: the newest purchase arrives first, an older one afterwards; "latest" must keep the newest.
        post(cpf, now.minus(Duration.ofDays(1)), "card.purchase", "{\"amount\":75.50,\"currency\":\"BRL\",\"merchantCategory\":\"5411\",\"channel\":\"ONLINE\"}",
                now.minus(Duration.ofDays(3)), "financial.movement", "{\"amount\":1200,\"currency\":\"BRL\",\"direction\":\"IN\",\"kind\":\"PIX\"}");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stores.documents("latest", subject).size() == 1);
        post(cpf, now.minus(Duration.ofDays(20)), "card.purchase", "{\"amount\":12.00,\"currency\":\"BRL\",\"merchantCategory\":\"5812\",\"channel\":\"IN_PERSON\"}",
                now.minus(Duration.ofDays(60)), "financial.movement", "{\"amount\":300,\"currency\":\"BRL\",\"direction\":\"OUT\",\"kind\":\"TED\"}");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stores.documents("events", subject).size() == 4);

        JsonNode first = summary(cpf);
        assertThat(first.get("subject").asString()).isEqualTo(subject);
        assertThat(first.at("/rating/status").asString()).as("not rated yet").isEqualTo("none");
        assertThat(first.at("/lastCardPurchase/data/amount").decimalValue()).as("the newest, though it arrived first").isEqualByComparingTo("75.50");
        assertThat(first.at("/lastBureauQuery/status").asString()).isEqualTo("none");
        assertThat(first.at("/movements/data/in30Days").decimalValue()).isEqualByComparingTo("1200");
        assertThat(first.at("/movements/data/out30Days").decimalValue()).isEqualByComparingTo("0");
        assertThat(first.at("/movements/data/out90Days").decimalValue()).isEqualByComparingTo("300");
        assertThat(first.at("/bureauQueries/data/last30Days").asLong()).isZero();

        // The lookup was recorded on the activity feed; the router indexes it like any bureau's query.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stores.documents("events", subject).stream()
                .anyMatch(d -> "bureau.query".equals(d.get(EventFields.TYPE))));
        JsonNode second = summary(cpf);
        assertThat(second.at("/lastBureauQuery/data/bureau").asString()).isEqualTo("consumidor");
        assertThat(second.at("/lastBureauQuery/data/purpose").asString()).isEqualTo("credit-analysis");
        assertThat(second.at("/bureauQueries/data/last30Days").asLong()).isEqualTo(1);

        for (AppProcess app : apps) {
            assertThat(Files.readString(app.log())).as(app.log().toString()).doesNotContain(cpf.digits()).doesNotContain(cpf.formatted())
                    .doesNotContain("Severino");
        }
    }

    private static void post(Cpf cpf, Instant at1, String type1, String payload1, Instant at2, String type2, String payload2) {
        String body = """
                {"events":[{"type":"%s","schemaVersion":1,"occurredAt":"%s","cpf":"%s","payload":%s},
                           {"type":"%s","schemaVersion":1,"occurredAt":"%s","cpf":"%s","payload":%s}]}"""
                .formatted(type1, at1, cpf.digits(), payload1, type2, at2, cpf.digits(), payload2);
        HttpResponse<String> posted = ingest.send("POST", "/events", IngestApi.PRODUCER, body);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }

    private static JsonNode summary(Cpf cpf) throws Exception {
        String token = new LocalIssuer(stores.stack.settings()).token("credit-desk", List.of("base-c:read", "rating:read"), Duration.ofMinutes(5),
                LocalIssuer.AUDIENCE);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/v1/consumers/summary"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"cpf\":\"" + cpf.formatted() + "\",\"purpose\":\"credit-analysis\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

}
