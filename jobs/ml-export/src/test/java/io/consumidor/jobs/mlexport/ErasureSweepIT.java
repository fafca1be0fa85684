package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.profile.ProfileStore;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.erasure.ErasureSection;
import io.consumidor.jobs.mlexport.erasure.ErasureSweepLaunch;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import io.consumidor.basec.IndexTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure reaches stored datasets: a run written before a consumer's erasure is rewritten by
 * {@code mlErasureSweep} without their row (every other row as it was, the manifest's hashes those of the files
 * now stored, the old run withdrawn), a run that never held them is only marked checked, and a file that does
 * not match its manifest is refused rather than rewritten. Real MongoDB-wire server, Elasticsearch, S3Proxy;
 * the files are read back with DuckDB.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = {
        "consumidor.export.s3.prefix=it-erasure-${random.uuid}", "consumidor.export.erasure.ledger-min-age=PT0S",
        "consumidor.export.consistency.logs-prefix=" + ErasureSweepIT.LOGS})
class ErasureSweepIT {

    private static final ZoneId SP = ZoneId.of("America/Sao_Paulo");
    private static final LocalDate D = LocalDate.of(2025, 6, 30);
    private static final String SCORING = "credit-scoring";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> SUBJECTS = List.of("test_sw_a", "test_sw_b", "test_sw_c", "test_sw_d", "test_sw_e");
    private static final String ERASED = "test_sw_c";
    static final String LOGS = "it-erasure-feature-logs";
    private static final AtomicInteger SLOTS = new AtomicInteger();

    @Autowired JobOperator operator;
    @Autowired Job mlTrainingExport;
    @Autowired Job mlErasureSweep;
    @Autowired MongoTemplate mongo;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired DatasetStore store;
    @Autowired Datasets datasets;
    @Autowired ExportProperties properties;
    @Autowired io.consumidor.features.keys.PseudonymKeysProperties pseudonymKeys;

    private MongoDatabase db;

    @BeforeEach
    void clean() throws Exception {
        db = mongo.getDb();
        db.drop();
        IndexTemplates.dropNamespace(elasticsearch, indices);
        for (String dataset : store.datasets()) {
            store.runs(dataset).forEach(store::deleteRun);
        }
        Timeline timeline = new Timeline(db, elasticsearch, indices);
        for (int i = 0; i < SUBJECTS.size(); i++) {
            Instant known = Instant.parse("2025-01-10T12:00:00Z").plusSeconds(i);
            timeline.fact(SUBJECTS.get(i), ProfileGroup.PERSONAL, new PersonalFacts(1970 + i, "SP", List.of(), List.of()), known, known)
                    .fact(SUBJECTS.get(i), ProfileGroup.DEBT_SUMMARY, new DebtSummary(i, new BigDecimal(100 * i), 0, BigDecimal.ZERO, null),
                            known, known);
        }
        timeline.write();
    }

    @AfterAll
    static void dropDatabase(@Autowired MongoTemplate mongo) {
        mongo.getDb().drop();
    }

    @Test
    void aRunHoldingAnErasedConsumerIsRewrittenWithoutThemAndTheOldRunWithdrawn() throws Exception {
        export("first");
        DatasetStore.Run before = store.latestComplete(SCORING, D).orElseThrow();
        Map<String, Object> oldManifest = manifest(before);
        List<Map<String, Object>> oldRows = rows(oldManifest);
        assertThat(oldRows).hasSize(5).extracting(r -> r.get("pseudonym")).contains(pseudonym(ERASED));

        erase(ERASED);
        JobExecution sweep = sweep();

        assertThat(sweep.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        DatasetStore.Run after = store.latestComplete(SCORING, D).orElseThrow();
        assertThat(after.runId()).isNotEqualTo(before.runId()).contains(RunLayout.REWRITE_MARK);
        assertThat(store.runs(SCORING)).extracting(DatasetStore.Run::runId).containsExactly(after.runId());
        Map<String, Object> manifest = manifest(after);
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) manifest.get(ErasureSection.KEY);
        assertThat(section).containsEntry(ErasureSection.REWRITTEN_FROM, before.runId()).containsEntry(ErasureSection.REMOVED_ROWS, 1)
                .containsEntry(ErasureSection.DEADLINE, "PT72H");
        assertThat(totals(manifest)).containsEntry("rows", 4);
        assertFilesMatchManifest(manifest);
        List<Map<String, Object>> newRows = rows(manifest);
        assertThat(newRows).extracting(r -> r.get("pseudonym")).doesNotContain(pseudonym(ERASED));
        assertThat(newRows).containsExactlyElementsOf(oldRows.stream().filter(r -> !r.get("pseudonym").equals(pseudonym(ERASED))).toList());
        assertThat(store.get(after.layout(store.prefix()).profile())).isPresent();

        // A fresh export of the same snapshot (the ledger and Base B both honoured) has the same rows: the same content hash.
        export("fresh");
        DatasetStore.Run fresh = store.latestComplete(SCORING, D).orElseThrow();
        assertThat(manifest(fresh).get("contentHash")).isEqualTo(manifest.get("contentHash"));
        // Every run is checked past the entry: pruned (ledger-min-age is zero here).
        assertThat(new ErasureLedger(db).size()).isZero();

        // A second sweep has nothing to do.
        assertThat(sweep().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(store.runs(SCORING)).extracting(DatasetStore.Run::runId).containsExactly(after.runId(), fresh.runId());
    }

    @Test
    void anErasedConsumersLoggedLookupsLeaveTheFeatureLogsAndTheReports() throws Exception {
        store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(LOGS + "/")).contents().forEach(o -> store.delete(o.key()));
        Dataset dataset = datasets.find(SCORING).orElseThrow();
        LocalDate day = LocalDate.now(SP);
        Instant now = Instant.now();
        io.consumidor.parquet.FeatureLogBatches batches = new io.consumidor.parquet.FeatureLogBatches(store.s3(), store.bucket(), LOGS, Clock.systemUTC());
        String batch = batches.write(dataset, day, List.of(logged(dataset, ERASED, now.minusSeconds(60)), logged(dataset, "test_sw_a", now.minusSeconds(30)),
                logged(dataset, ERASED, now.plus(Duration.ofHours(1)))));
        String report = FeatureLogs.day(LOGS, SCORING, day) + FeatureLogs.REPORT;
        store.put(report, JSON.writeValueAsBytes(Map.of("lookups", 3, "examples", List.of(Map.of("pseudonym", pseudonym(ERASED), "feature", "age"),
                Map.of("pseudonym", pseudonym("test_sw_a"), "feature", "age")))), "application/json");

        erase(ERASED);
        JobExecution sweep = sweep();

        assertThat(sweep.getStatus()).as(sweep.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(store.exists(batch + FeatureLogs.SUCCESS)).as("the old batch is withdrawn").isFalse();
        assertThat(store.exists(batch + FeatureLogs.PART)).isFalse();
        List<String> committed = store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(FeatureLogs.day(LOGS, SCORING, day)))
                .contents().stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).filter(k -> k.endsWith("/" + FeatureLogs.SUCCESS)).toList();
        assertThat(committed).hasSize(1);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("feature-log", ".parquet");
        store.download(committed.get(0).replace(FeatureLogs.SUCCESS, FeatureLogs.PART), file);
        List<Object[]> rows = new java.util.ArrayList<>();
        try (io.consumidor.parquet.DatasetFileReader reader = new io.consumidor.parquet.DatasetFileReader(file)) {
            reader.forEachRemaining(rows::add);
        }
        java.nio.file.Files.delete(file);
        assertThat(rows).extracting(r -> (String) r[0]).as("the erased consumer's lookup before the erasure is gone; after it (registered"
                + " again) it stays").containsExactlyInAnyOrder(pseudonym("test_sw_a"), pseudonym(ERASED));
        assertThat(rows).filteredOn(r -> r[0].equals(pseudonym(ERASED))).extracting(r -> (Instant) r[1]).allMatch(at -> at.isAfter(now));
        assertThat(new String(store.get(report).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(pseudonym(ERASED))
                .contains(pseudonym("test_sw_a"));
        assertThat(sweep.getStepExecutions().iterator().next().getExecutionContext().getLong("sweep.featureLogRowsRemoved")).isEqualTo(1);
    }

    /** A log row as the query API writes one, its served values null. */
    private Object[] logged(Dataset dataset, String subject, Instant at) {
        Object[] row = new Object[FeatureLogs.schema(dataset).columns().size()];
        row[0] = pseudonym(subject);
        row[1] = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        row[2] = dataset.definitionHash();
        return row;
    }

    @Test
    void aRunThatNeverHeldTheErasedConsumerIsOnlyMarkedChecked() throws Exception {
        export("first");
        DatasetStore.Run run = store.latestComplete(SCORING, D).orElseThrow();
        new ErasureLedger(db).record(Map.of("test_sw_never_exported", Instant.now()), Instant.now());

        assertThat(sweep().getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(store.runs(SCORING)).extracting(DatasetStore.Run::runId).containsExactly(run.runId());
        @SuppressWarnings("unchecked")
        Map<String, Object> sidecar = JSON.readValue(store.get(run.layout(store.prefix()).erasure()).orElseThrow(), Map.class);
        assertThat(Instant.parse((String) sidecar.get(ErasureSection.CHECKED_THROUGH))).isAfter(Instant.parse((String) manifest(run).get("observedUntil")));
    }

    @Test
    void aFileThatDoesNotMatchItsManifestIsNotRewrittenAndTheLedgerIsKept() throws Exception {
        export("first");
        DatasetStore.Run run = store.latestComplete(SCORING, D).orElseThrow();
        String part = run.layout(store.prefix()).part(0);
        byte[] original = store.get(part).orElseThrow();
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 1;
        store.put(part, tampered, "application/octet-stream");
        erase(ERASED);

        JobExecution sweep = sweep();

        assertThat(sweep.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(sweep.getAllFailureExceptions()).singleElement().satisfies(e ->
                assertThat(e.getMessage()).contains("is not the file its manifest lists").contains(part));
        assertThat(store.runs(SCORING)).extracting(DatasetStore.Run::runId).containsExactly(run.runId());
        assertThat(new ErasureLedger(db).size()).isOne();
    }

    private void erase(String subject) {
        Instant now = Instant.now();
        new ProfileStore(db).erase(Map.of(subject, new Erasure(1_000, now, now)), now);
    }

    private void export(String run) throws Exception {
        Map<String, String> arguments = new LinkedHashMap<>(Map.of(ExportLaunch.DATASET, SCORING, ExportLaunch.SNAPSHOT_DATE, D.toString()));
        arguments.put(ExportLaunch.RUN, run + "-" + System.nanoTime());
        JobExecution execution = operator.start(mlTrainingExport, new ExportLaunch(datasets).parameters(arguments, Clock.systemUTC()));
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        nextSecond(); // run ids are to the second
    }

    private JobExecution sweep() throws Exception {
        // A slot no earlier run of this suite used (the job repository outlives a run on a developer's stack).
        long minutes = (System.currentTimeMillis() / 1000 * 8 + SLOTS.incrementAndGet()) % 4_000_000;
        String slot = java.time.LocalDateTime.of(2030, 1, 1, 0, 0).plusMinutes(minutes).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        Map<String, String> arguments = Map.of(ErasureSweepLaunch.AT, slot);
        JobExecution execution = operator.start(mlErasureSweep, new ErasureSweepLaunch().parameters(arguments, Clock.systemUTC()));
        nextSecond();
        return execution;
    }

    /** Waits until the clock is in a later second, so the next run (or rewrite) gets its own run id. */
    private static void nextSecond() {
        long now = Instant.now().getEpochSecond();
        org.awaitility.Awaitility.await().pollInterval(java.time.Duration.ofMillis(20)).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> Instant.now().getEpochSecond() > now);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> manifest(DatasetStore.Run run) {
        return JSON.readValue(store.get(run.layout(store.prefix()).manifest()).orElseThrow(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(Map<String, Object> manifest) {
        return (Map<String, Object>) manifest.get("totals");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rows(Map<String, Object> manifest) throws Exception {
        List<String> keys = ((List<Map<String, Object>>) manifest.get("files")).stream().map(f -> (String) f.get("key")).toList();
        try (DuckDbReader duckdb = new DuckDbReader(store, keys)) {
            return duckdb.rows();
        }
    }

    @SuppressWarnings("unchecked")
    private void assertFilesMatchManifest(Map<String, Object> manifest) throws Exception {
        for (Map<String, Object> file : (List<Map<String, Object>>) manifest.get("files")) {
            byte[] stored = store.get((String) file.get("key")).orElseThrow();
            assertThat(((Number) file.get("bytes")).longValue()).as("%s bytes", file.get("key")).isEqualTo(stored.length);
            assertThat(file.get("sha256")).as("%s SHA-256", file.get("key"))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
        }
    }

    private String pseudonym(String subject) {
        String keyId = datasets.find(SCORING).orElseThrow().pseudonymKeyId();
        String configured = pseudonymKeys.keys().get(keyId);
        return new Pseudonyms(Base64.getDecoder().decode(configured), SCORING).of(subject);
    }
}
