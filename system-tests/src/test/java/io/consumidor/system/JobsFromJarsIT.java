package io.consumidor.system;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.testsupport.OperationsPort;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every job of the jobs tree, run from the packaged jars as an operator runs them: through the job host
 * ({@code jobs/job-host}: {@code run ratingRecompute}, {@code export run}, {@code run mlErasureSweep},
 * {@code status}) and through the scheduler ({@code schedules run <name>} for a schedule of each job), each ending
 * COMPLETED in the job repository; then the scheduler's daemon, whose operators' port serves the probes, detailed
 * health and the Prometheus scrape for {@code ops:read} only.
 */
class JobsFromJarsIT {

    private static final int SUBJECTS = 40;

    private final PipelineStores stores = new PipelineStores();
    private final List<AppProcess> processes = new ArrayList<>();
    private final String prefix = "jars-" + stores.suffix;

    @AfterEach
    void tearDown() {
        processes.forEach(AppProcess::close);
        stores.close();
    }

    private int host(String name, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--consumidor.export.s3.prefix=" + prefix);
        AppProcess job = AppProcess.start(stores.stack, "jobs/job-host", name + "-" + stores.suffix, stores.environment(), all, () -> true);
        processes.add(job);
        return job.awaitExit(Duration.ofMinutes(3));
    }

    private Map<String, String> schedulerEnvironment(Path schedules) {
        Map<String, String> environment = new HashMap<>(stores.environment());
        environment.put("SCHEDULES_FILE", "file:" + schedules);
        environment.put("CONSUMIDOR_EXPORT_S3_PREFIX", prefix);
        return environment;
    }

    private long completed(String job) {
        return stores.postgres().sql("""
                SELECT count(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                WHERE i.JOB_NAME = ? AND e.STATUS = 'COMPLETED'""").param(job).query(Long.class).single();
    }

    @Test
    void everyJobRunsThroughTheJobHostAndTheSchedulerFromTheirJars() throws Exception {
        ProfileHistory history = new ProfileHistory(stores.mongo);
        List<HistoryEntry> entries = new ArrayList<>();
        List<Document> profiles = new ArrayList<>();
        for (int i = 0; i < SUBJECTS; i++) {
            Profile profile = TestProfiles.profile(TestProfiles.subject(), i);
            entries.add(new HistoryEntry(profile.subject(), ProfileGroup.PERSONAL, profile.personal()));
            entries.add(new HistoryEntry(profile.subject(), ProfileGroup.DEBT_SUMMARY, profile.debts()));
            profiles.add(TestProfiles.document(profile));
        }
        assertThat(history.record(entries)).isEmpty();
        stores.mongo.getCollection(BaseBCollections.PROFILES).insertMany(profiles);

        // The job host: each job, then the status of all of them.
        assertThat(host("host-rating", "run", "ratingRecompute", "mode=full", "runDate=2026-11-23")).isZero();
        assertThat(stores.mongo.getCollection(BaseBCollections.RATINGS).countDocuments()).as("every profile rated").isEqualTo(SUBJECTS);
        assertThat(host("host-export", "export", "run", "credit-scoring", "snapshotDate=2026-07-01")).isZero();
        assertThat(host("host-sweep", "run", "mlErasureSweep", "at=2026-11-23T12:00")).isZero();
        assertThat(Map.of("ratingRecompute", completed("ratingRecompute"), "mlTrainingExport", completed("mlTrainingExport"),
                "mlErasureSweep", completed("mlErasureSweep"))).as("one completed run of each")
                .isEqualTo(Map.of("ratingRecompute", 1L, "mlTrainingExport", 1L, "mlErasureSweep", 1L));

        // The scheduler's jar: a yearly schedule of each job (looking back over a year, so its newest slot is due), that
        // slot run by the operations command. The scoring set's slot is July 1st: the facts were recorded on June 1st, and
        // an export of a snapshot before any data is refused by its preflight.
        Path schedules = Path.of("target", "jobs-from-jars-" + stores.suffix + ".yml").toAbsolutePath();
        Files.writeString(schedules, """
                consumidor:
                  schedules:
                    entries:
                      - name: rating
                        job: ratingRecompute
                        cron: "0 0 3 1 1 *"
                        parameters: { mode: full, runDate: "{slot:yyyy-MM-dd}" }
                        catch-up: latest
                        look-back: P400D
                      - name: scoring-set
                        job: mlTrainingExport
                        cron: "0 0 4 1 7 *"
                        parameters: { dataset: credit-scoring, snapshotDate: "{slot:yyyy-MM-dd}" }
                        catch-up: latest
                        look-back: P400D
                      - name: sweep
                        job: mlErasureSweep
                        cron: "0 30 4 1 1 *"
                        parameters: { at: "{slot:yyyy-MM-dd'T'HH:mm}" }
                        catch-up: latest
                        look-back: P400D
                """);
        for (String schedule : List.of("rating", "scoring-set", "sweep")) {
            AppProcess run = AppProcess.start(stores.stack, "schedules", "schedules-run-" + schedule + "-" + stores.suffix,
                    schedulerEnvironment(schedules), List.of("run", schedule), () -> true);
            processes.add(run);
            assertThat(run.awaitExit(Duration.ofMinutes(3))).as(schedule + ":\n" + run.tail()).isZero();
        }
        assertThat(List.of(completed("ratingRecompute"), completed("mlTrainingExport"), completed("mlErasureSweep")))
                .as("a second completed run of each, the scheduler's").containsExactly(2L, 2L, 2L);

        // The daemon: every schedule's newest slot succeeded, so it is healthy; its only HTTP is the operators' port.
        AppProcess daemon = AppProcess.startProbed(stores.stack, "schedules", "schedules-daemon-" + stores.suffix,
                schedulerEnvironment(schedules), List.of());
        processes.add(daemon);
        OperationsPort operations = new OperationsPort(daemon.port());
        String scrape = operations.assertServesOperatorsOnly("schedules", "base-c:read");
        assertThat(scrape).contains("consumidor_schedule_last_success");
        assertThat(operations.send("GET", "/actuator/health", operations.token("ops:read")).body())
                .contains("\"rating\":\"succeeded for slot").contains("\"sweep\":\"succeeded for slot");
    }
}
