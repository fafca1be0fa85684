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
 * The pipeline as deployed: ingest-app, the stream router and the job host as processes from their jars, on a
 * namespace (queues, indices), databases and an S3 prefix of this test's own. A consumer registered in Base A
 * appears in Base B keyed by subject, a lookup and posted events appear in Base C, an export writes their row —
 * and the erasure is then followed through every store, queue, dead-letter queue, bucket object and dataset:
 * nothing is left but the tombstones the design needs (the erasure event in the outbox, the fact-free profile,
 * the erasure ledger entry). No store ever holds the CPF, the name or the address.
 */
class EndToEndIT {

    private static final String NAME = "Joana Bezerra Cavalcanti";
    private static final String STREET = "Rua das Graças Pernambucanas";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final LocalDate SNAPSHOT = LocalDate.now(java.time.ZoneId.of("America/Sao_Paulo"));
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
    void registeredConsumerReachesEveryStoreUnderItsSubjectOnlyAndErasureLeavesOnlyTombstones() throws Exception {
        Cpf control = TestCpfs.random();
        assertThat(api.send("PUT", "/consumers/" + control.digits(), "base-a:write", """
                {"name":"Outra Pessoa","address":{"street":"Rua Um","number":"1","complement":null,"city":"Recife","state":"PE","postalCode":"50000000"},
                 "birthDate":"1990-01-01","debts":[],"assets":[],"incomeSources":[]}""").statusCode()).isEqualTo(201);
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
        await().atMost(Duration.ofSeconds(30)).until(() -> stores.profiles() == 2);
        assertThat(stores.profiles()).as("one consumer, one profile").isEqualTo(2);
        assertNoPii(cpf, subject);
        job("e2e-export", "run", "mlTrainingExport", "dataset=credit-scoring", "snapshotDate=" + SNAPSHOT);
        List<String> exported = pseudonyms();
        assertThat(exported).as("both consumers in the dataset").hasSize(2);

        assertThat(api.send("DELETE", "/consumers/" + cpf.digits(), "base-a:erase", null).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> stores.profile(subject).isTombstone() && stores.documents("events,latest", subject).isEmpty());
        job("e2e-erasure-sweep", "run", "mlErasureSweep");

        // Base B: the fact-free profile (turns late events away until it expires) and the ledger entry the datasets
        // are cleaned against; nothing else.
        assertThat(stores.mentioning(subject)).as("only the tombstones are left")
                .containsOnlyKeys(BaseBCollections.PROFILES, BaseBCollections.ERASURE_LEDGER);
        // Base A: the other consumer, and of this one only the erasure event in the outbox.
        assertThat(stores.postgres().sql("SELECT count(*) FROM base_a.consumer").query(Long.class).single()).isEqualTo(1);
        for (String table : stores.postgres().sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'base_a'")
                .query(String.class).list()) {
            List<String> rows = stores.postgres().sql("SELECT t::text FROM base_a." + table + " t").query(String.class).list().stream()
                    .filter(row -> row.contains(subject)).toList();
            if (table.equals("outbox")) {
                assertThat(rows).as("outbox rows of the subject").singleElement().satisfies(row -> assertThat(row).contains("consumer.erased"));
            } else {
                assertThat(rows).as("base_a.%s rows of the subject", table).isEmpty();
            }
        }
        // Queues and their dead-letter queues: nothing waiting that names the subject.
        for (String queue : List.of(stores.profileQueue, stores.activityQueue,
                io.consumidor.core.wire.Queues.deadLetters(stores.profileQueue), io.consumidor.core.wire.Queues.deadLetters(stores.activityQueue))) {
            var received = stores.queues.client().receiveMessage(b -> b.queueUrl(stores.queues.url(queue)).maxNumberOfMessages(10)
                    .visibilityTimeout(0).messageAttributeNames("All")).messages();
            assertThat(received).as(queue).noneMatch(m -> m.body().contains(subject) || m.messageAttributes().toString().contains(subject));
        }
        // The dataset: the stored run was rewritten without the erased consumer; no object of the bucket names them.
        List<String> left = pseudonyms();
        assertThat(left).as("only the other consumer is left in the stored dataset").hasSize(1);
        assertThat(exported).containsAll(left);
        try (var s3 = stores.s3()) {
            for (var object : s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(PREFIX + "/")).contents()) {
                String text = s3.getObjectAsBytes(b -> b.bucket(stores.stack.s3Bucket()).key(object.key())).asString(java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(object.key()).doesNotContain(subject, cpf.digits());
            }
        }
        assertNoPii(cpf, subject);
    }

    private static final String PREFIX = "e2e-" + java.util.UUID.randomUUID();

    /** Runs the job host's jar on this test's stores and S3 prefix, and waits for it to succeed. */
    private static void job(String name, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--consumidor.export.s3.prefix=" + PREFIX);
        AppProcess job = AppProcess.start(stores.stack, "jobs/job-host", name, stores.environment(), all, () -> true);
        apps.add(job);
        assertThat(job.awaitExit(Duration.ofMinutes(3))).as(job.tail()).isZero();
    }

    /** The pseudonyms in the newest complete run of the test's snapshot, read with DuckDB. */
    private static List<String> pseudonyms() throws Exception {
        String bucket = stores.stack.s3Bucket();
        try (var s3 = stores.s3(); var duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
            String snapshot = PREFIX + "/credit-scoring/snapshot_date=" + SNAPSHOT + "/";
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(snapshot)).contents().stream()
                    .map(o -> o.key()).sorted().toList();
            String run = keys.stream().filter(k -> k.endsWith("/_SUCCESS")).reduce((a, b) -> b).orElseThrow();
            String runPrefix = run.substring(0, run.length() - "_SUCCESS".length());
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("e2e-dataset");
            for (String key : keys.stream().filter(k -> k.startsWith(runPrefix) && k.endsWith(".parquet")).toList()) {
                java.nio.file.Files.write(dir.resolve(key.substring(key.lastIndexOf('/') + 1)),
                        s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
            }
            List<String> pseudonyms = new ArrayList<>();
            try (var rs = duckdb.createStatement().executeQuery("SELECT pseudonym FROM read_parquet('" + dir + "/*.parquet')")) {
                while (rs.next()) {
                    pseudonyms.add(rs.getString(1));
                }
            }
            return pseudonyms;
        }
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
