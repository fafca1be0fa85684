package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.time.Days;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.LatestRuns;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset folder as it lies on S3, read by two standard readers with Hive partitioning: DuckDB (over a
 * mirror of the bucket's keys, since its S3 extension cannot be installed here) and Polars (straight from the S3
 * endpoint). The folder holds what a real one holds: two snapshots, a superseded run, and the completed part of a
 * run that failed. Both readers get one schema with {@code snapshot_date} as a date; a glob reads every run, while
 * {@code _LATEST.json} names exactly the current complete runs.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = "consumidor.export.s3.prefix=it-readers-${random.uuid}")
class StandardReadersIT extends ExportStores {

    private static final ZoneId SP = ZoneId.of("America/Sao_Paulo");
    private static final String DATASET = "credit-default-12m";
    private static final LocalDate FIRST = LocalDate.of(2025, 5, 31);
    private static final LocalDate SECOND = LocalDate.of(2025, 6, 30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path POLARS = Path.of("target", "polars").toAbsolutePath();

    @Autowired ExportProperties properties;

    /** nodejs-polars from the npm registry (its native engine comes as a package of its own), once per build. */
    @BeforeAll
    static void installPolars() throws Exception {
        Files.createDirectories(POLARS);
        try (var script = StandardReadersIT.class.getResourceAsStream("/readers/polars.mjs")) {
            Files.write(POLARS.resolve("polars.mjs"), script.readAllBytes());
        }
        if (!Files.isDirectory(POLARS.resolve("node_modules/nodejs-polars-linux-x64-gnu"))) {
            Files.writeString(POLARS.resolve("package.json"), "{\"name\":\"readers\",\"private\":true,\"type\":\"module\"}\n");
            run(POLARS, Map.of(), Duration.ofMinutes(5), "npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                    "nodejs-polars@0.26.1", "nodejs-polars-linux-x64-gnu@0.26.1");
        }
    }

    private static DebtSummary open(String amount, LocalDate due) {
        return new DebtSummary(1, new BigDecimal(amount), 0, BigDecimal.ZERO, due, new BigDecimal(amount), 0, 1);
    }

    private void export(LocalDate snapshot, String run) throws Exception {
        var execution = operator.start(mlTrainingExport, new ExportLaunch(datasets).parameters(Map.of(ExportLaunch.DATASET, DATASET,
                ExportLaunch.SNAPSHOT_DATE, snapshot.toString(), ExportLaunch.RUN, run), Clock.systemUTC()));
        assertThat(execution.getStatus()).as(execution.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void duckDbAndPolarsReadTheFolderAsItLiesOnS3() throws Exception {
        MongoDatabase db = emptyStores();
        Timeline timeline = new Timeline(db, elasticsearch, indices);
        Instant known = Days.endOf(FIRST.minusMonths(2), SP);
        for (String subject : List.of("test_r0", "test_r1", "test_r2")) {
            timeline.fact(subject, ProfileGroup.PERSONAL, new PersonalFacts(1980, "SP", List.of(), List.of()), known, known)
                    .fact(subject, ProfileGroup.DEBT_SUMMARY, open("500", SECOND.plusMonths(3)), known, known);
        }
        timeline.write();
        export(FIRST, "first-" + UUID.randomUUID());
        export(SECOND, "superseded-" + UUID.randomUUID());
        // run ids begin with their start to the second, and the newer run must sort after: wait for the clock's next second
        String superseded = store.runs(DATASET).stream().map(r -> r.runId().substring(0, 16)).max(String::compareTo).orElseThrow();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> RunLayout.RUN_TIME.format(Instant.now()).compareTo(superseded) > 0);
        export(SECOND, "current-" + UUID.randomUUID());
        // a run that failed after one partition: its part is a complete file, but the run has no _SUCCESS
        List<DatasetStore.Run> runs = store.runs(DATASET);
        DatasetStore.Run current = runs.get(runs.size() - 1);
        RunLayout failed = new RunLayout(store.prefix(), DATASET, SECOND, "20991231T000000Z-0");
        store.put(failed.part(0), store.get(current.layout(store.prefix()).part(0)).orElseThrow(), "application/octet-stream");
        long strayRows = io.consumidor.jobs.mlexport.store.Manifest.fromJson(store.get(current.layout(store.prefix()).manifest()).orElseThrow())
                .files().get(0).rows();
        long everything = 3 * 3 + strayRows;

        LatestRuns latest = LatestRuns.read(store, DATASET).orElseThrow();
        assertThat(latest.snapshots()).extracting(LatestRuns.Snapshot::snapshotDate).containsExactly(FIRST, SECOND);
        assertThat(latest.snapshots().get(1).runId()).isEqualTo(current.runId());
        assertThat(latest.files()).allMatch(f -> f.startsWith("snapshot_date=")).noneMatch(f -> f.contains(failed.runId()));

        Path mirror = mirror();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            String folder = mirror.resolve(DATASET).toString();
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + folder + "/**/*.parquet', hive_partitioning = true)")) {
                while (rs.next()) {
                    types.put(rs.getString("column_name"), rs.getString("column_type"));
                }
            }
            assertThat(types).containsEntry("snapshot_date", "DATE").containsEntry("run", "VARCHAR").containsEntry("label_bad", "INTEGER");
            assertThat(count(sql, "SELECT count(*) FROM read_parquet('" + folder + "/**/*.parquet', hive_partitioning = true)"))
                    .as("a glob reads every run: 2 snapshots, the superseded run and the failed run's part").isEqualTo(everything);
            // The README's DuckDB reader: the files _LATEST.json names, nothing else.
            sql.execute("SET VARIABLE files = (SELECT list('" + folder + "/' || f) FROM (SELECT unnest(files) AS f FROM read_json('"
                    + folder + "/_LATEST.json')))");
            assertThat(count(sql, "SELECT count(*) FROM read_parquet(getvariable('files'), hive_partitioning = true)")).isEqualTo(3 * 2);
            try (ResultSet rs = sql.executeQuery("SELECT snapshot_date, run, count(*) FROM read_parquet(getvariable('files'), hive_partitioning = true)"
                    + " GROUP BY ALL ORDER BY 1")) {
                List<String> groups = new ArrayList<>();
                while (rs.next()) {
                    groups.add(rs.getObject(1, LocalDate.class) + " " + rs.getString(2) + " " + rs.getLong(3));
                }
                assertThat(groups).containsExactly(FIRST + " " + latest.snapshots().get(0).runId() + " 3", SECOND + " " + current.runId() + " 3");
            }
        }

        String root = "s3://" + store.bucket() + "/" + store.prefix() + "/" + DATASET;
        Path latestFile = Files.writeString(POLARS.resolve("latest-" + UUID.randomUUID() + ".json"),
                new String(store.get(LatestRuns.key(store.prefix(), DATASET)).orElseThrow(), StandardCharsets.UTF_8));
        Map<String, Object> glob = polars("glob", root);
        assertThat(((Number) glob.get("rows")).longValue()).isEqualTo(everything);
        assertThat((Map<String, Object>) glob.get("columns")).containsEntry("snapshot_date", "DataType(Date)").containsEntry("label_bad", "DataType(Int32)")
                .containsEntry("run", "DataType(String)");
        Map<String, Object> current3 = polars("latest", root, latestFile.toString());
        assertThat(current3.get("rows")).isEqualTo(6);
        assertThat(current3.get("snapshotDates")).isEqualTo(List.of(FIRST.toString(), SECOND.toString()));
        assertThat(current3.get("runs")).isEqualTo(List.of(latest.snapshots().get(0).runId(), current.runId()).stream().sorted().toList());
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every object under the run's prefix copied to a local folder under its own key, as {@code aws s3 sync} does. */
    private Path mirror() throws IOException {
        Path root = Files.createTempDirectory("s3-mirror-");
        String prefix = store.prefix() + "/";
        for (S3Object object : store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(prefix)).contents()) {
            Path file = root.resolve(object.key().substring(prefix.length()));
            Files.createDirectories(file.getParent());
            store.download(object.key(), file);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> polars(String... args) throws Exception {
        var s3 = properties.s3();
        List<String> command = new ArrayList<>(List.of("node", POLARS.resolve("polars.mjs").toString()));
        command.addAll(List.of(args));
        String out = run(POLARS, Map.of("S3_ENDPOINT", s3.endpoint(), "AWS_ACCESS_KEY_ID", s3.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_REGION", s3.region()), Duration.ofMinutes(2), command.toArray(String[]::new));
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("polars printed: " + out));
        return JSON.readValue(line, Map.class);
    }

    private static String run(Path directory, Map<String, String> environment, Duration limit, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + text).isZero();
        return text;
    }
}
