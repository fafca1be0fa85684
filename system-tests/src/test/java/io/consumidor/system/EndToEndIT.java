package io.consumidor.system;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileDocument;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.core.payload.Asset;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline as deployed: ingest-app and the stream router as processes from their jars, on a namespace
 * (queues, indices) and databases of this test's own. A consumer registered in Base A appears in Base B keyed by subject, a
 * lookup and posted events appear in Base C, an erasure empties both — and neither store ever holds the CPF,
 * the name or the address.
 */
class EndToEndIT {

    private static final String NAME = "Joana Bezerra Cavalcanti";
    private static final String STREET = "Rua das Graças Pernambucanas";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PipelineStores stores;
    private static final List<AppProcess> apps = new ArrayList<>();
    private static IngestApi api;

    @BeforeAll
    static void start() {
        stores = new PipelineStores();
        // The router first: it provisions the queues that ingest-app's relay sends to.
        apps.add(stores.startRouter("e2e-router"));
        api = IngestApi.start(stores, "e2e-ingest-app");
        apps.add(api.process);
    }

    @AfterAll
    static void stop() {
        apps.forEach(AppProcess::close);
        stores.close();
    }

    @Test
    void registeredConsumerReachesBothStoresUnderItsSubjectOnlyAndErasureEmptiesThem() {
        Cpf cpf = TestCpfs.random();
        HttpResponse<String> registered = api.send("PUT", "/consumers/" + cpf.digits(), "base-a:write", """
                {"name":"%s","address":{"street":"%s","number":"77","complement":null,"city":"Olinda","state":"PE","postalCode":"53000000"},
                 "birthDate":"1979-08-30",
                 "debts":[{"creditorCnpj":"11222333000181","amount":1250.00,"currency":"BRL","dueDate":"2026-01-10","status":"DEFAULTED","contractReference":"CTR-1"}],
                 "assets":[{"kind":"REAL_ESTATE","value":250000,"paidOff":false}],
                 "incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":6100.00,"since":"2015-02-01"}]}""".formatted(NAME, STREET));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String subject = JSON.readTree(registered.body()).get("subject").asString();

        HttpResponse<String> lookedUp = api.send("GET", "/consumers/" + cpf.formatted(), "base-a:read", null);
        assertThat(lookedUp.statusCode()).isEqualTo(200);
        HttpResponse<String> posted = api.send("POST", "/events", IngestApi.PRODUCER, """
                {"events":[
                  {"type":"card.purchase","schemaVersion":1,"occurredAt":"2026-11-01T10:00:00Z","cpf":"%1$s",
                   "payload":{"amount":89.90,"currency":"BRL","merchantCategory":"5812","channel":"IN_PERSON"}},
                  {"type":"financial.movement","schemaVersion":1,"occurredAt":"2026-11-02T10:00:00Z","cpf":"%1$s",
                   "payload":{"amount":3000,"currency":"BRL","direction":"IN","kind":"PIX"}}]}""".formatted(cpf.digits()));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> stores.profile(subject) != null && stores.documents("events", subject).size() == 3
                        && stores.documents("latest", subject).size() == 2);

        ProfileDocument profile = stores.profile(subject);
        assertThat(profile.profile().personal().value().birthYear()).isEqualTo(1979);
        assertThat(profile.profile().personal().value().region()).isEqualTo("PE");
        assertThat(profile.profile().personal().value().assets()).singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo(Asset.AssetKind.REAL_ESTATE));
        assertThat(profile.profile().debts().value().defaultedCount()).isEqualTo(1);
        assertThat(profile.profile().debts().value().oldestUnpaidDueDate()).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(new ProfileHistory(stores.mongo).entries(subject)).hasSize(2);
        assertThat(stores.documents("events", subject)).extracting(d -> d.get("type"))
                .containsExactlyInAnyOrder("bureau.query", "card.purchase", "financial.movement");
        assertThat(stores.profiles()).as("one consumer, one profile").isEqualTo(1);
        assertNoPii(cpf, subject);

        assertThat(api.send("DELETE", "/consumers/" + cpf.digits(), "base-a:erase", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> stores.profile(subject).isTombstone() && stores.documents("events,latest", subject).isEmpty());
        assertThat(stores.mentioning(subject)).as("only the fact-free tombstone is left").containsOnlyKeys(BaseBCollections.PROFILES);
        assertNoPii(cpf, subject);
    }

    /** Every document of the test's MongoDB database and every Base C document of the subject, as stored. */
    private static void assertNoPii(Cpf cpf, String subject) {
        List<String> stored = new ArrayList<>();
        for (String collection : stores.mongo.listCollectionNames()) {
            stores.mongo.getCollection(collection).find().forEach(doc -> stored.add(doc.toJson()));
        }
        stores.documents("events,latest", subject).forEach(doc -> stored.add(doc.toString()));
        assertThat(stored).isNotEmpty().allSatisfy(doc -> assertThat(doc)
                .doesNotContain(cpf.digits(), cpf.formatted(), "Joana", "Bezerra", "Cavalcanti", "Graças", "Olinda", "53000000"));
    }
}
