package io.consumidor.system;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mlTrainingExport} in the packaged {@code batch-jobs} app, killed with SIGKILL after its first partition
 * completed and run again with the same parameters: the second process recovers the dead execution, runs only
 * the partitions that had not completed, aborts what the killed one left half-uploaded, and the result is one
 * complete dataset — every subject once, {@code _SUCCESS} once and last, no incomplete multipart upload.
 */
class ExportJobKillIT {

    private static final int SUBJECTS = 30_000;
    private static final int PARTITIONS = 4;

    private final PipelineStores stores = new PipelineStores();
    private final String run = UUID.randomUUID().toString();
    private final String prefix = "kill-" + stores.suffix;
    private final JdbcClient repository = stores.postgres();
    private final List<AppProcess> jobs = new ArrayList<>();
    private final S3Client s3 = stores.s3();

    @AfterEach
    void tearDown() {
        jobs.forEach(AppProcess::close);
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix + "/")).contents()) {
            s3.deleteObject(b -> b.bucket(bucket()).key(object.key()));
        }
        s3.close();
        stores.close();
    }

    private String bucket() {
        return stores.stack.s3Bucket();
    }

    @Test
    void killedExportRestartsTheMissingPartitionsAndEndsWithOneCompleteDataset() throws Exception {
        ProfileHistory history = new ProfileHistory(stores.mongo);
        List<HistoryEntry> entries = new ArrayList<>();
        List<Document> profiles = new ArrayList<>();
        for (int i = 0; i < SUBJECTS; i++) {
            Profile profile = TestProfiles.profile(TestProfiles.subject(), i);
            entries.add(new HistoryEntry(profile.subject(), ProfileGroup.PERSONAL, profile.personal()));
            entries.add(new HistoryEntry(profile.subject(), ProfileGroup.DEBT_SUMMARY, profile.debts()));
            profiles.add(TestProfiles.document(profile));
            if (profiles.size() == 1000) {
                assertThat(history.record(entries)).isEmpty();
                stores.mongo.getCollection(BaseBCollections.PROFILES).insertMany(profiles);
                entries.clear();
                profiles.clear();
            }
        }

        AppProcess killed = job("export-killed");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(25)).until(() -> completedPartitions() >= 1);
        killed.kill();
        long done = completedPartitions();
        System.out.printf("export killed after %d of %d partitions completed%n", done, PARTITIONS);
        assertThat(done).as("killed mid-run").isLessThan(PARTITIONS);
        assertThat(objects()).as("nothing looks complete after the kill").noneMatch(key -> key.endsWith("/_SUCCESS"));

        AppProcess restarted = job("export-restarted");
        assertThat(restarted.awaitExit(Duration.ofMinutes(5))).as(restarted.tail()).isZero();
        assertThat(restarted.tail()).contains("recovering it to restart from its last commits");
        assertThat(executions()).containsExactly("FAILED", "COMPLETED");
        assertThat(partitionsRunByLastExecution()).as("the restart ran only the partitions that had not completed")
                .isEqualTo(PARTITIONS - done);

        List<String> keys = objects();
        assertThat(keys.stream().filter(k -> k.endsWith("/_SUCCESS"))).as("one run, _SUCCESS once").hasSize(1);
        assertThat(keys.stream().filter(k -> k.endsWith(".parquet"))).hasSize(PARTITIONS);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket()).prefix(prefix + "/")).uploads()).as("no orphaned upload").isEmpty();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            Path dir = Files.createTempDirectory("export-kill");
            for (String key : keys.stream().filter(k -> k.endsWith(".parquet")).toList()) {
                Files.write(dir.resolve(key.substring(key.lastIndexOf('/') + 1)), s3.getObjectAsBytes(b -> b.bucket(bucket()).key(key)).asByteArray());
            }
            try (ResultSet rs = duckdb.createStatement().executeQuery(
                    "SELECT count(*), count(DISTINCT pseudonym) FROM read_parquet('" + dir + "/*.parquet')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows").isEqualTo(SUBJECTS);
                assertThat(rs.getLong(2)).as("no duplicate row").isEqualTo(SUBJECTS);
            }
        }

        // What a data scientist runs next, from the same packaged app.
        AppProcess show = AppProcess.start(stores.stack, "jobs/job-host", "export-show-" + stores.suffix, stores.environment(), List.of(
                "export", "show", "credit-scoring", "2026-07-01", "--consumidor.export.s3.prefix=" + prefix), () -> true);
        jobs.add(show);
        assertThat(show.awaitExit(Duration.ofMinutes(2))).as(show.tail()).isZero();
        assertThat(Files.readString(show.log())).contains(SUBJECTS + " rows in " + PARTITIONS + " files", "schema:",
                "profile (no earlier snapshot: no PSI):", "served_rating_score").as("no row of a person in the profile").doesNotContain("pseudonym=");
    }

    private AppProcess job(String name) {
        AppProcess job = AppProcess.start(stores.stack, "jobs/job-host", name, stores.environment(), List.of(
                "run", "mlTrainingExport", "dataset=credit-scoring", "snapshotDate=2026-07-01", "run=" + run,
                "--consumidor.export.s3.prefix=" + prefix, "--consumidor.export.grid-size=" + PARTITIONS,
                "--consumidor.export.threads=1", "--consumidor.export.page-size=200"), () -> true);
        jobs.add(job);
        return job;
    }

    private List<String> objects() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix + "/")).contents().stream().map(S3Object::key).toList();
    }

    private long completedPartitions() {
        try {
            return repository.sql("""
                            SELECT count(DISTINCT s.STEP_NAME) FROM BATCH_STEP_EXECUTION s
                            JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
                            WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ? AND s.STEP_NAME LIKE 'exportWorker:%'
                              AND s.STATUS = 'COMPLETED'""")
                    .param(run).query(Long.class).single();
        } catch (org.springframework.jdbc.BadSqlGrammarException notYetCreated) {
            return 0;
        }
    }

    private List<String> executions() {
        return repository.sql("""
                        SELECT e.STATUS FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                        WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ? ORDER BY e.JOB_EXECUTION_ID""")
                .param(run).query(String.class).list();
    }

    private long partitionsRunByLastExecution() {
        return repository.sql("""
                        SELECT count(*) FROM BATCH_STEP_EXECUTION s WHERE s.STEP_NAME LIKE 'exportWorker:%'
                        AND s.JOB_EXECUTION_ID = (SELECT max(p.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION_PARAMS p
                                                  WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ?)""")
                .param(run).query(Long.class).single();
    }
}
