package io.consumidor.system;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.stack.LocalIssuer;
import io.consumidor.testsupport.JsonValues;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Online and offline from the same definitions, as deployed: a consumer registered through ingest-app, rated by the
 * rating job, with activity through the intake; {@code POST /v1/features} answers its {@code credit-scoring} vector
 * as of T; then an event that happened before T reaches Base C after the lookup; then the export job writes
 * {@code credit-scoring} as of T ({@code asOf}) and every feature of the consumer's row equals the online answer,
 * {@code score_at_t} included (the late event is in neither: not known at T); then {@code featureConsistency} reads
 * the query API's logged lookup and reports a 100 % match, the late event counted apart, not as skew.
 */
class OnlineFeaturesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId SP = ZoneId.of("America/Sao_Paulo");

    private static PipelineStores stores;
    private static final List<AppProcess> apps = new ArrayList<>();
    private static IngestApi ingest;
    private static int queryPort;
    private static String datasets;
    private static String logs;

    @BeforeAll
    static void start() {
        stores = new PipelineStores();
        datasets = "online-" + stores.suffix;
        logs = "online-logs-" + stores.suffix;
        apps.add(stores.startRouter("features-router"));
        ingest = IngestApi.start(stores, "features-ingest-app");
        apps.add(ingest.process);
        queryPort = IngestApi.freePort();
        apps.add(AppProcess.start(stores.stack, "query-api", "features-query-api", stores.environment(), List.of("--server.port=" + queryPort,
                "--consumidor.query.features.log.share=1", "--consumidor.query.features.log.flush-interval=1s",
                "--consumidor.query.features.log.s3.prefix=" + logs), () -> AppProcess.answersHttp(queryPort)));
    }

    @AfterAll
    static void stop() {
        apps.forEach(AppProcess::close);
        try (S3Client s3 = stores.s3()) {
            for (String prefix : List.of(datasets, logs)) {
                for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(prefix + "/")).contents()) {
                    s3.deleteObject(b -> b.bucket(stores.stack.s3Bucket()).key(object.key()));
                }
            }
        }
        stores.close();
    }

    @Test
    void theOnlineVectorIsTheExportsRowAsOfTheLookupAndTheConsistencyReportSaysSo() throws Exception {
        Cpf cpf = TestCpfs.random();
        LocalDate today = LocalDate.now(SP);
        HttpResponse<String> registered = ingest.send("PUT", "/consumers/" + cpf.digits(), "base-a:write", """
                {"name":"Joana Prado","address":{"street":"Rua Dois","number":"2","complement":null,"city":"Natal","state":"RN","postalCode":"59000000"},
                 "birthDate":"1979-03-09","debts":[{"creditorCnpj":"11222333000181","amount":1800.00,"currency":"BRL","dueDate":"%s","status":"OPEN","contractReference":"CTR-1"}],
                 "assets":[{"kind":"VEHICLE","value":42000,"paidOff":false}],
                 "incomeSources":[{"kind":"EMPLOYMENT","monthlyAmount":5200,"since":"2017-04-01"}]}""".formatted(today.plusDays(20)));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String subject = JSON.readTree(registered.body()).get("subject").asString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        post(cpf, now.minus(Duration.ofDays(2)), "card.purchase", "{\"amount\":75.50,\"currency\":\"BRL\",\"merchantCategory\":\"5411\",\"channel\":\"ONLINE\"}");
        post(cpf, now.minus(Duration.ofDays(12)), "bureau.query", "{\"bureau\":\"serasa\",\"purpose\":\"credit-analysis\"}");
        post(cpf, now.minus(Duration.ofDays(40)), "financial.movement", "{\"amount\":1200,\"currency\":\"BRL\",\"direction\":\"IN\",\"kind\":\"PIX\"}");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> stores.documents("events", subject).size() == 3
                && stores.profile(subject) != null);
        AppProcess rating = AppProcess.start(stores.stack, "jobs/job-host", "features-rating-job", stores.environment(),
                List.of("run", "ratingRecompute", "mode=full", "runDate=" + today), () -> true);
        apps.add(rating);
        assertThat(rating.awaitExit(Duration.ofMinutes(3))).as(rating.tail()).isZero();

        JsonNode vector = features(cpf);
        Instant t = Instant.parse(vector.get("asOf").asString());
        assertThat(vector.get("unavailable")).isEmpty();
        assertThat(vector.at("/features/served_rating_score").isInt()).as("rated: %s", vector).isTrue();
        assertThat(vector.at("/features/score_at_t").isInt()).isTrue();
        assertThat(vector.at("/features/card_purchases_count_7d").asLong()).isEqualTo(1);

        // After the lookup: a purchase that happened a day before it reaches Base C (a producer's late report).
        post(cpf, t.minus(Duration.ofDays(1)), "card.purchase", "{\"amount\":12.00,\"currency\":\"BRL\",\"merchantCategory\":\"5812\",\"channel\":\"IN_PERSON\"}");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stores.documents("events", subject).stream()
                .filter(d -> "card.purchase".equals(d.get("type"))).count() == 2);

        AppProcess export = host("features-export", "export", "run", "credit-scoring", "asOf=" + t);
        assertThat(export.awaitExit(Duration.ofMinutes(3))).as(export.tail()).isZero();
        Map<String, Object> row = exportedRow();
        try (S3Client s3 = stores.s3()) {
            // A point-in-time run: readers of the snapshot never take it for the day's own (_LATEST.json names none).
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(datasets + "/credit-scoring/")).contents()
                    .stream().map(S3Object::key).toList();
            assertThat(keys).anyMatch(k -> k.matches(".*/run=\\d{8}T\\d{6}Z-t\\d+/_SUCCESS"));
            if (keys.contains(datasets + "/credit-scoring/_LATEST.json")) {
                JsonNode latest = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(stores.stack.s3Bucket()).key(datasets + "/credit-scoring/_LATEST.json"))
                        .asByteArray());
                assertThat(latest.get("snapshots")).as(latest.toString()).isEmpty();
            }
        }
        List<String> compared = new ArrayList<>();
        for (String section : List.of("features", "lineage")) {
            for (var entry : vector.get(section).properties()) {
                assertThat(row).as("the export has %s", entry.getKey()).containsKey(entry.getKey());
                assertThat(JsonValues.same(entry.getValue(), row.get(entry.getKey()))).as("%s: online %s, export as of T %s", entry.getKey(), entry.getValue(),
                        row.get(entry.getKey())).isTrue();
                compared.add(entry.getKey());
            }
        }
        assertThat(compared).contains("score_at_t", "score_at_t_band", "card_purchases_count_7d", "days_since_last_card_purchase",
                "bureau_queries_30d", "debts_open_count", "times_30dpd_12m").hasSizeGreaterThan(80);
        assertThat(row.get("card_purchases_count_7d")).as("the late purchase was not known at T").isEqualTo(1L);

        // The logged lookup, once its batch is committed, against the offline path.
        try (S3Client s3 = stores.s3()) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> s3.listObjectsV2Paginator(b -> b
                    .bucket(stores.stack.s3Bucket()).prefix(logs + "/")).contents().stream().anyMatch(o -> o.key().endsWith("/_SUCCESS")));
        }
        LocalDate day = LocalDate.ofInstant(t, SP);
        AppProcess consistency = host("features-consistency", "features", "consistency", day.toString(), "dataset=credit-scoring");
        assertThat(consistency.awaitExit(Duration.ofMinutes(3))).as(consistency.tail()).isZero();
        assertThat(consistency.tail()).contains("match rate 100.00 %").contains("late events: 1 event(s) of 1 lookup(s)");
        JsonNode report;
        try (S3Client s3 = stores.s3()) {
            report = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(stores.stack.s3Bucket())
                    .key(logs + "/credit-scoring/date=" + day + "/_consistency.json")).asByteArray());
        }
        assertThat(report.get("compared").asLong()).isEqualTo(1);
        assertThat(report.get("matchRate").asDouble()).isEqualTo(1.0);
        assertThat(report.get("skew").asLong()).isZero();
        assertThat(report.at("/lateEvents/events").asLong()).isEqualTo(1);

        for (AppProcess app : apps) {
            assertThat(Files.readString(app.log())).as(app.log().toString()).doesNotContain(cpf.digits()).doesNotContain(cpf.formatted())
                    .doesNotContain("Joana Prado");
        }
    }

    private static AppProcess host(String name, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--consumidor.export.s3.prefix=" + datasets);
        all.add("--consumidor.export.consistency.logs-prefix=" + logs);
        AppProcess process = AppProcess.start(stores.stack, "jobs/job-host", name, stores.environment(), all, () -> true);
        apps.add(process);
        return process;
    }

    /** The one row of the export (this test's database holds one consumer), column by column. */
    private static Map<String, Object> exportedRow() throws Exception {
        Path dir = Files.createTempDirectory("online-features");
        try (S3Client s3 = stores.s3()) {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(datasets + "/credit-scoring/")).contents()) {
                if (object.key().endsWith(".parquet")) {
                    Files.write(dir.resolve(object.key().substring(object.key().lastIndexOf('/') + 1)),
                            s3.getObjectAsBytes(b -> b.bucket(stores.stack.s3Bucket()).key(object.key())).asByteArray());
                }
            }
        }
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rs = duckdb.createStatement().executeQuery("SELECT * FROM read_parquet('" + dir + "/*.parquet')")) {
            assertThat(rs.next()).as("one row").isTrue();
            Map<String, Object> row = new LinkedHashMap<>();
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnName(i), rs.getObject(i));
            }
            assertThat(rs.next()).as("only one row").isFalse();
            return row;
        }
    }

    private static void post(Cpf cpf, Instant at, String type, String payload) {
        HttpResponse<String> posted = ingest.send("POST", "/events", IngestApi.PRODUCER, """
                {"events":[{"type":"%s","schemaVersion":1,"occurredAt":"%s","cpf":"%s","payload":%s}]}""".formatted(type, at, cpf.digits(), payload));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }

    private static JsonNode features(Cpf cpf) throws Exception {
        String token = new LocalIssuer(stores.stack.settings()).token("scoring-service", List.of("features:read"), Duration.ofMinutes(5),
                LocalIssuer.AUDIENCE);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/v1/features"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"cpf\":\"" + cpf.formatted() + "\",\"dataset\":\"credit-scoring\",\"purpose\":\"credit-analysis\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

}
