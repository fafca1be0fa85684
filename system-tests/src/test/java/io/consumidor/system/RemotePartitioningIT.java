package io.consumidor.system;

import com.mongodb.client.model.Projections;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.batchsupport.partition.PartitionLeases;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both jobs on Spring Batch remote partitioning over SQS, with three worker processes of the packaged job host
 * ({@code job-host worker}): a full rating and a full export give exactly what local partitioning gives (the same
 * ratings, the same content hash); a worker killed with SIGKILL mid-partition leaves its step execution STARTED, its
 * lease expires, the partition is handed to another worker and the export still has the undisturbed run's content
 * hash; a poison partition fails the job after three attempts, naming the partition and its error; and a manager that
 * cannot reach SQS fails before any partition exists.
 */
class RemotePartitioningIT {

    private static final int SUBJECTS = 6000;
    private static final int GRID = 6;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PipelineStores stores = new PipelineStores();
    private final String prefix = "remote-" + stores.suffix;
    private final JdbcClient repository = stores.postgres();
    private final List<AppProcess> processes = new ArrayList<>();
    private final S3Client s3 = stores.s3();

    @AfterEach
    void tearDown() {
        processes.forEach(AppProcess::close);
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(prefix + "/")).contents()) {
            s3.deleteObject(b -> b.bucket(stores.stack.s3Bucket()).key(object.key()));
        }
        s3.close();
        try {
            stores.queues.client().deleteQueue(b -> b.queueUrl(stores.queues.url(stores.namespace.apply(io.consumidor.core.wire.Queues.PARTITION_REQUESTS))));
        } catch (RuntimeException absent) {
            // never created
        }
        stores.close();
    }

    @Test
    void bothJobsOnThreeWorkersEqualLocalPartitioningThroughAKilledWorkerAndFailOnAPoisonPartition() throws Exception {
        seed();
        List<AppProcess> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            workers.add(worker("worker-" + i));
        }

        // The rating: local, then remote on an emptied ratings store — the same ratings, rated on several workers.
        assertThat(manager("rating-local", false, "run", "ratingRecompute", "mode=full", "runDate=2026-11-23", "run=local")).isZero();
        Map<String, String> local = ratings();
        assertThat(local).hasSize(SUBJECTS);
        for (String collection : stores.mongo.listCollectionNames()) {
            if (collection.startsWith("rating")) {
                stores.mongo.getCollection(collection).drop();
            }
        }
        assertThat(manager("rating-remote", true, "run", "ratingRecompute", "mode=full", "runDate=2026-11-23", "run=remote")).isZero();
        assertThat(ratings()).as("remote partitions rate exactly as local ones").isEqualTo(local);
        assertThat(owners("ratingWorker")).as("the partitions ran on more than one worker").hasSizeGreaterThan(1);

        // The export: local, then remote with a worker killed in the middle of a partition — the same content hash.
        assertThat(manager("export-local", false, "export", "run", "credit-scoring", "snapshotDate=2026-07-01", "run=local")).isZero();
        AppProcess remote = managerStarted("export-remote", true, "export", "run", "credit-scoring", "snapshotDate=2026-07-01", "run=remote",
                "replace=true");
        AppProcess victim = workers.get(0);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20)).until(() -> running("exportWorker", victim.pid()));
        victim.kill();
        System.out.println("worker " + victim.pid() + " killed in the middle of a partition");
        assertThat(remote.awaitExit(Duration.ofMinutes(4))).as(remote.tail()).isZero();
        assertThat(exitDescriptions("exportWorker")).as("the killed worker's partition was failed by its lease")
                .anyMatch(d -> d.contains("lease expired: worker " + victim.pid() + "@"));
        List<String> hashes = manifests().stream().map(m -> (String) m.get("contentHash")).toList();
        assertThat(hashes).as("the local run and the remote run through a kill").hasSize(2);
        assertThat(hashes.get(1)).as("content hash").isEqualTo(hashes.get(0));
        assertThat(manifests()).allSatisfy(m -> assertThat(((Map<?, ?>) m.get("totals")).get("rows")).isEqualTo(SUBJECTS));

        // The manager killed mid-job and launched again: it recovers its dead execution and sends only what had not completed.
        String[] restartable = {"export", "run", "credit-scoring", "snapshotDate=2026-07-01", "run=restart", "replace=true"};
        AppProcess manager = managerStarted("export-manager-killed", true, restartable);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20)).until(() -> completed("restart") >= 1);
        // Frozen with it (SIGSTOP), so the workers do not finish the whole run while the manager is down: what had
        // completed stays what had completed, and what they held is recovered as failed.
        List<AppProcess> alive = workers.subList(1, workers.size());
        alive.forEach(w -> signal("STOP", w.pid()));
        manager.kill();
        long completedBefore = completed("restart");
        System.out.println("manager killed; " + completedBefore + " of " + GRID + " partitions completed when it is launched again");
        AppProcess relaunched = managerStarted("export-manager-relaunched", true, restartable);
        await().atMost(Duration.ofSeconds(60)).until(() -> logContains("export-manager-relaunched-" + stores.suffix, "partition(s) sent to"));
        alive.forEach(w -> signal("CONT", w.pid()));
        assertThat(relaunched.awaitExit(Duration.ofMinutes(4))).as(relaunched.tail()).isZero();
        assertThat(Files.readString(relaunched.log())).contains("recovering it to restart from its last commits");
        assertThat(completedBefore).as("killed mid-job").isLessThan(GRID);
        assertThat(completedBefore + partitionsOfLastExecution("restart")).as("completed partitions were not sent again").isEqualTo(GRID);
        List<String> afterRestart = manifests().stream().map(m -> (String) m.get("contentHash")).toList();
        assertThat(afterRestart).hasSize(3);
        assertThat(afterRestart.get(2)).as("content hash after the manager's restart").isEqualTo(hashes.get(0));

        // A poison partition: one broken profile, no skip allowed — its partition fails on every attempt, the job fails naming it.
        Document broken = TestProfiles.document(TestProfiles.profile(TestProfiles.subject(), 1));
        broken.get("debtSummary", Document.class).put("openCount", "many");
        stores.mongo.getCollection(BaseBCollections.PROFILES).insertOne(broken);
        AppProcess poison = managerStarted("rating-poison", true, "run", "ratingRecompute", "mode=full", "runDate=2026-11-24", "run=poison");
        assertThat(poison.awaitExit(Duration.ofMinutes(4))).as(poison.tail()).isNotZero();
        String output = Files.readString(poison.log());
        assertThat(output).contains("partition(s) failed on every attempt: ratingWorker:subjects-").contains("after 3 attempt(s)")
                .contains("Skip limit");
        assertThat(repository.sql("""
                        SELECT max(n) FROM (SELECT count(*) n FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION_PARAMS p
                          ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = 'poison'
                          AND s.STEP_NAME LIKE 'ratingWorker:%' GROUP BY s.STEP_NAME) t""").query(Long.class).single())
                .as("attempts of the poison partition").isEqualTo(3L);

        // SQS unreachable: the manager fails clearly, before any partition exists.
        AppProcess unreachable = managerStarted("rating-no-sqs", true, "run", "ratingRecompute", "mode=full", "runDate=2026-11-25", "run=nosqs",
                "--consumidor.jobs.partitioning.sqs.endpoint=http://127.0.0.1:9", "--consumidor.jobs.partitioning.sqs.call-timeout=3s");
        assertThat(unreachable.awaitExit(Duration.ofMinutes(2))).isNotZero();
        assertThat(Files.readString(unreachable.log())).contains("cannot be reached").contains("no partition was sent");
        assertThat(repository.sql("""
                        SELECT count(*) FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
                        WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = 'nosqs' AND s.STEP_NAME LIKE 'ratingWorker:%'""")
                .query(Long.class).single()).as("no partition half-made").isZero();
    }

    private void seed() {
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
    }

    private List<String> settings(boolean remote) {
        return List.of("--consumidor.jobs.partitioning.mode=" + (remote ? "remote" : "local"),
                "--consumidor.jobs.partitioning.heartbeat=1s", "--consumidor.jobs.partitioning.lease-timeout=4s",
                "--consumidor.jobs.partitioning.poll-interval=500ms", "--consumidor.jobs.partitioning.pickup-timeout=2m",
                "--consumidor.export.s3.prefix=" + prefix, "--consumidor.export.grid-size=" + GRID, "--consumidor.export.threads=2",
                "--consumidor.export.page-size=100", "--consumidor.batch.rating.grid-size=" + GRID, "--consumidor.batch.rating.chunk-size=100",
                "--consumidor.batch.rating.skip-limit=0");
    }

    private AppProcess worker(String name) {
        List<String> arguments = new ArrayList<>(List.of("worker"));
        arguments.addAll(settings(true));
        AppProcess worker = AppProcess.start(stores.stack, "jobs/job-host", name + "-" + stores.suffix, stores.environment(), arguments,
                () -> logContains(name + "-" + stores.suffix, "takes partitions from"));
        processes.add(worker);
        return worker;
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean logContains(String name, String text) {
        try {
            return Files.readString(java.nio.file.Path.of("target", name + ".log")).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private int manager(String name, boolean remote, String... words) {
        AppProcess manager = managerStarted(name, remote, words);
        return manager.awaitExit(Duration.ofMinutes(4));
    }

    private AppProcess managerStarted(String name, boolean remote, String... words) {
        List<String> arguments = new ArrayList<>(List.of(words));
        arguments.addAll(settings(remote));
        AppProcess manager = AppProcess.start(stores.stack, "jobs/job-host", name + "-" + stores.suffix, stores.environment(), arguments, () -> true);
        processes.add(manager);
        return manager;
    }

    /** Every rating as what it says: score, band, reasons and model, by subject. */
    private Map<String, String> ratings() {
        Map<String, String> ratings = new TreeMap<>();
        stores.mongo.getCollection(BaseBCollections.RATINGS).find()
                .projection(Projections.include(RatingCodec.SCORE, RatingCodec.BAND, RatingCodec.REASONS, RatingCodec.MODEL_VERSION))
                .forEach(d -> ratings.put(d.getString("_id"), d.toJson()));
        return ratings;
    }

    /** The distinct workers whose leases the job repository holds for a worker step. */
    private List<String> owners(String workerStep) {
        return repository.sql("SELECT DISTINCT l.owner FROM " + PartitionLeases.TABLE + " l JOIN BATCH_STEP_EXECUTION s"
                + " ON s.STEP_EXECUTION_ID = l.step_execution_id WHERE s.STEP_NAME LIKE ?").param(workerStep + ":%").query(String.class).list();
    }

    /** Whether the worker of process {@code pid} holds a lease on a running step execution of the worker step. */
    private boolean running(String workerStep, long pid) {
        try {
            return repository.sql("SELECT count(*) FROM " + PartitionLeases.TABLE + " l JOIN BATCH_STEP_EXECUTION s"
                            + " ON s.STEP_EXECUTION_ID = l.step_execution_id WHERE s.STEP_NAME LIKE ? AND s.STATUS = 'STARTED' AND l.owner LIKE ?")
                    .params(workerStep + ":%", pid + "@%").query(Long.class).single() > 0;
        } catch (org.springframework.jdbc.BadSqlGrammarException notYet) {
            return false;
        }
    }

    /** Partitions of the run's executions that completed (any execution). */
    private long completed(String run) {
        try {
            return repository.sql("""
                            SELECT count(DISTINCT s.STEP_NAME) FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION_PARAMS p
                              ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ?
                              AND s.STEP_NAME LIKE 'exportWorker:%' AND s.STATUS = 'COMPLETED'""").param(run).query(Long.class).single();
        } catch (org.springframework.jdbc.BadSqlGrammarException notYet) {
            return 0;
        }
    }

    /** Distinct partitions the run's last execution created step executions for. */
    private long partitionsOfLastExecution(String run) {
        return repository.sql("""
                        SELECT count(DISTINCT s.STEP_NAME) FROM BATCH_STEP_EXECUTION s WHERE s.STEP_NAME LIKE 'exportWorker:%'
                        AND s.JOB_EXECUTION_ID = (SELECT max(p.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION_PARAMS p
                                                  WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ?)""").param(run).query(Long.class).single();
    }

    private List<String> exitDescriptions(String workerStep) {
        return repository.sql("SELECT coalesce(EXIT_MESSAGE, '') FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE ?").param(workerStep + ":%")
                .query(String.class).list();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> manifests() {
        return s3.listObjectsV2Paginator(b -> b.bucket(stores.stack.s3Bucket()).prefix(prefix + "/")).contents().stream()
                .map(S3Object::key).filter(k -> k.endsWith("/_manifest.json")).sorted()
                .map(k -> (Map<String, Object>) JSON.readValue(s3.getObjectAsBytes(b -> b.bucket(stores.stack.s3Bucket()).key(k)).asByteArray(), Map.class))
                .sorted(java.util.Comparator.comparing(m -> String.valueOf(m.get("committedAt"))))
                .toList();
    }
}
