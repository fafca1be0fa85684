package io.consumidor.system;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.TestCpfs;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline as deployed: ingest-app and the stream router as processes from their jars, on queues and a
 * MongoDB database of this test's own. A consumer registered in Base A appears in Base B keyed by subject, a
 * lookup and posted events appear in Base C, an erasure empties both — and neither store ever holds the CPF,
 * the name or the address.
 */
class EndToEndIT {

    private static final String NAME = "Joana Bezerra Cavalcanti";
    private static final String STREET = "Rua das Graças Pernambucanas";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PipelineStores stores;
    private static final List<AppProcess> apps = new ArrayList<>();
    private static int port;
    private static LocalIssuer issuer;

    @BeforeAll
    static void start() {
        stores = new PipelineStores();
        issuer = new LocalIssuer(stores.stack.settings());
        // The router first: it provisions the queues that ingest-app's relay sends to.
        apps.add(stores.startRouter("e2e-router"));
        port = freePort();
        apps.add(AppProcess.start(stores.stack, "ingest-app", "e2e-ingest-app", Map.of(), List.of(
                "--server.port=" + port,
                "--consumidor.ingest.outbox.profile-queue=" + stores.profileQueue,
                "--consumidor.ingest.outbox.activity-queue=" + stores.activityQueue,
                "--consumidor.ingest.outbox.poll-interval=100ms"), EndToEndIT::answers));
    }

    @AfterAll
    static void stop() {
        apps.forEach(AppProcess::close);
        stores.close();
    }

    @Test
    void registeredConsumerReachesBothStoresUnderItsSubjectOnlyAndErasureEmptiesThem() {
        Cpf cpf = TestCpfs.random();
        HttpResponse<String> registered = send("PUT", "/consumers/" + cpf.digits(), "base-a:write", """
                {"name":"%s","address":{"street":"%s","number":"77","complement":null,"city":"Olinda","state":"PE","postalCode":"53000000"},
                 "birthDate":"1979-08-30",
                 "debts":[{"creditorCnpj":"11222333000181","amount":1250.00,"currency":"BRL","dueDate":"2026-01-10","status":"DEFAULTED","contractReference":"CTR-1"}],
                 "assets":[{"kind":"REAL_ESTATE","value":250000,"paidOff":false}],
                 "incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":6100.00,"since":"2015-02-01"}]}""".formatted(NAME, STREET));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String subject = JSON.readTree(registered.body()).get("subject").asString();

        HttpResponse<String> lookedUp = send("GET", "/consumers/" + cpf.formatted(), "base-a:read", null);
        assertThat(lookedUp.statusCode()).isEqualTo(200);
        HttpResponse<String> posted = send("POST", "/events", "base-a:write", """
                {"events":[
                  {"type":"card.purchase","schemaVersion":1,"occurredAt":"2026-11-01T10:00:00Z","cpf":"%1$s",
                   "payload":{"amount":89.90,"currency":"BRL","merchantCategory":"5812","channel":"IN_PERSON"}},
                  {"type":"financial.movement","schemaVersion":1,"occurredAt":"2026-11-02T10:00:00Z","cpf":"%1$s",
                   "payload":{"amount":3000,"currency":"BRL","direction":"IN","kind":"PIX"}}]}""".formatted(cpf.digits()));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> profile(subject) != null && stores.documents("events-*", subject).size() == 3
                        && stores.documents("latest", subject).size() == 2);

        Document profile = profile(subject);
        assertThat(((Document) profile.get("profile")).getInteger("birthYear")).isEqualTo(1979);
        assertThat(((Document) profile.get("profile")).getString("region")).isEqualTo("PE");
        assertThat(((Document) profile.get("debtSummary")).getInteger("defaultedCount")).isEqualTo(1);
        assertThat(stores.documents("events-*", subject)).extracting(d -> d.get("type"))
                .containsExactlyInAnyOrder("bureau.query", "card.purchase", "financial.movement");
        assertThat(stores.profiles()).as("one consumer, one profile").isEqualTo(1);
        assertNoPii(cpf);

        assertThat(send("DELETE", "/consumers/" + cpf.digits(), "base-a:erase", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> erased(subject) && stores.documents("events-*,latest", subject).isEmpty());
        assertNoPii(cpf);
    }

    private static boolean erased(String subject) {
        Document profile = profile(subject);
        return profile != null && profile.get("erased") != null && profile.get("profile") == null;
    }

    /** Every document of the test's MongoDB database and every Base C document of the run, as stored. */
    private static void assertNoPii(Cpf cpf) {
        List<String> stored = new ArrayList<>();
        for (String collection : stores.mongo.listCollectionNames()) {
            stores.mongo.getCollection(collection).find().forEach(doc -> stored.add(doc.toJson()));
        }
        Document anyProfile = stores.mongo.getCollection("profiles").find().first();
        assertThat(anyProfile).isNotNull();
        stores.documents("events-*,latest", anyProfile.getString("_id")).forEach(doc -> stored.add(doc.toString()));
        assertThat(stored).isNotEmpty().allSatisfy(doc -> assertThat(doc)
                .doesNotContain(cpf.digits(), cpf.formatted(), "Joana", "Bezerra", "Cavalcanti", "Graças", "Olinda", "53000000"));
    }

    private static Document profile(String subject) {
        return stores.mongo.getCollection("profiles").find(eq("_id", subject)).first();
    }

    private static HttpResponse<String> send(String method, String path, String scope, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + issuer.token("system-test", List.of(scope), Duration.ofMinutes(5), LocalIssuer.AUDIENCE))
                .header("X-Query-Purpose", "credit-analysis")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ready once it answers HTTP at all: every endpoint wants a token, so a 401 is a healthy answer. */
    private static boolean answers() {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/consumers")).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
