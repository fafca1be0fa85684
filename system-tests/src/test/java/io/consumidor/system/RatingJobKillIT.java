package io.consumidor.system;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ratingRecompute} killed with SIGKILL in the middle and run again with the same parameters: the
 * second process recovers the dead execution and restarts it from each partition's last committed chunk,
 * and the ratings and history end up identical to an uninterrupted run over the same profiles.
 */
class RatingJobKillIT {

    private static final int PROFILES = 20_000;

    private final PipelineStores stores = new PipelineStores();
    private final MongoDatabase reference = stores.mongoClient.getDatabase(stores.database + "_ref");
    private final String run = UUID.randomUUID().toString();
    private final JdbcClient repository = stores.postgres();
    private final List<AppProcess> jobs = new ArrayList<>();

    @AfterEach
    void tearDown() {
        jobs.forEach(AppProcess::close);
        reference.drop();
        stores.close();
    }

    @Test
    void killedRunRestartsFromItsCommitsAndEndsIdenticalToAnUninterruptedOne() {
        List<Document> profiles = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            profiles.add(TestProfiles.document(TestProfiles.profile(TestProfiles.subject(), i)));
        }
        for (int from = 0; from < PROFILES; from += 1000) {
            List<Document> slice = profiles.subList(from, from + 1000);
            stores.mongo.getCollection(BaseBCollections.PROFILES).insertMany(slice.stream().map(Document::new).toList());
            reference.getCollection(BaseBCollections.PROFILES).insertMany(slice.stream().map(Document::new).toList());
        }

        AppProcess killed = job("rating-killed", stores.database, "interrupted");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> written("interrupted") >= 4000);
        killed.kill();
        long atKill = written("interrupted");
        System.out.printf("rating job killed after %d of %d profiles were committed%n", atKill, PROFILES);
        assertThat(atKill).as("killed mid-run").isLessThan(PROFILES);

        AppProcess restarted = job("rating-restarted", stores.database, "interrupted");
        assertThat(restarted.awaitExit(Duration.ofMinutes(5))).as(restarted.tail()).isZero();
        assertThat(restarted.tail()).contains("recovering it to restart from its last commits");
        AppProcess uninterrupted = job("rating-reference", stores.database + "_ref", "reference");
        assertThat(uninterrupted.awaitExit(Duration.ofMinutes(5))).as(uninterrupted.tail()).isZero();

        assertThat(executions("interrupted")).containsExactly("FAILED", "COMPLETED");
        assertThat(readByLastExecution("interrupted")).as("the restart read only what was not committed")
                .isLessThanOrEqualTo(PROFILES - atKill);
        assertThat(stores.mongo.getCollection(BaseBCollections.RATINGS).countDocuments()).isEqualTo(PROFILES);
        assertThat(stores.mongo.getCollection(BaseBCollections.RATING_HISTORY).countDocuments()).as("no duplicate history").isEqualTo(PROFILES);
        assertThat(outcomes(stores.mongo)).isEqualTo(outcomes(reference));
    }

    /** One process running the job to its end: {@code run ratingRecompute} on the given database. */
    private AppProcess job(String name, String database, String label) {
        String uri = stores.mongoUri(database);
        AppProcess job = AppProcess.start(stores.stack, "jobs/job-host", name, stores.environment(), List.of(
                "run", "ratingRecompute", "mode=full", "runDate=2026-11-23", "run=" + run + "-" + label,
                "--spring.mongodb.uri=" + uri, "--spring.data.mongodb.uri=" + uri,
                "--consumidor.batch.rating.chunk-size=100", "--consumidor.batch.rating.grid-size=2"), () -> true);
        jobs.add(job);
        return job;
    }

    /** Profiles committed so far by the run; 0 while the job process has not yet created its repository's tables. */
    private long written(String label) {
        try {
            return committed(label);
        } catch (org.springframework.jdbc.BadSqlGrammarException notYetCreated) {
            return 0;
        }
    }

    private long committed(String label) {
        return repository.sql("""
                        SELECT coalesce(sum(s.WRITE_COUNT), 0) FROM BATCH_STEP_EXECUTION s
                        JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
                        WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ? AND s.STEP_NAME LIKE '%:%'""")
                .param(run + "-" + label).query(Long.class).single();
    }

    private List<String> executions(String label) {
        return repository.sql("""
                        SELECT e.STATUS FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                        WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ? ORDER BY e.JOB_EXECUTION_ID""")
                .param(run + "-" + label).query(String.class).list();
    }

    private long readByLastExecution(String label) {
        return repository.sql("""
                        SELECT coalesce(sum(s.READ_COUNT), 0) FROM BATCH_STEP_EXECUTION s WHERE s.STEP_NAME LIKE '%:%'
                        AND s.JOB_EXECUTION_ID = (SELECT max(p.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION_PARAMS p
                                                  WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ?)""")
                .param(run + "-" + label).query(Long.class).single();
    }

    /** Per subject: the rating's outcome and inputs, and its history — everything but times and run ids. */
    private static Map<String, String> outcomes(MongoDatabase db) {
        Map<String, String> all = new TreeMap<>();
        db.getCollection(BaseBCollections.RATINGS).find().forEach(r -> all.put(r.getString("_id"), r.getInteger("score") + " " + r.getString("band")
                + " " + r.get("reasons") + " " + r.getString("inputsFingerprint") + " rev" + r.get("revision")));
        db.getCollection(BaseBCollections.RATING_HISTORY).find().forEach(h -> all.merge(h.getString("subject"),
                " history:" + h.getString("_id") + " " + h.getInteger("score"), String::concat));
        return all;
    }
}
