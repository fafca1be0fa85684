package io.consumidor.batch.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.consumidor.testsupport.TestProfiles;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The rating job against the stack's PostgreSQL (job repository) and MongoDB-wire server (Base B). */
@SpringBatchTest
@SpringBootTest(properties = {"spring.mongodb.uri=${MONGODB_URI}_rating_it", "spring.data.mongodb.uri=${MONGODB_URI}_rating_it",
        "consumidor.batch.rating.chunk-size=20", "consumidor.batch.rating.grid-size=3"})
class RatingJobIT {

    private static final String RUN = UUID.randomUUID().toString();

    @Autowired
    JobOperatorTestUtils batch;

    @Autowired
    JobOperator operator;

    @Autowired
    Job ratingRecompute;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JdbcClient jdbc;

    private MongoDatabase db;

    @BeforeEach
    void clean() {
        db = mongo.getDb();
        db.drop();
        batch.setJob(ratingRecompute);
    }

    @AfterAll
    static void dropDatabase(@Autowired MongoTemplate mongo) {
        mongo.getDb().drop();
    }

    private MongoCollection<Document> profiles() {
        return db.getCollection("profiles");
    }

    private static JobParameters parameters(String mode, String label) {
        return RatingJobParameters.of(Map.of("mode", mode, "runDate", "2026-11-23", "run", RUN + "-" + label), LocalDate.now());
    }

    private static long sum(JobExecution execution, java.util.function.ToLongFunction<StepExecution> count) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().contains(":")).mapToLong(count).sum();
    }

    @Test
    void fullRunRatesEveryProfileRecordsSkipsWithReasonsAndKeepsHistoryOnlyForChanges() throws Exception {
        List<String> subjects = TestProfiles.insert(profiles(), 100);
        profiles().insertOne(new Document("_id", TestProfiles.subject()).append("erased", new Document("seq", 5L)).append("updatedAt", new Date()));
        String badYear = TestProfiles.subject();
        String negative = TestProfiles.subject();
        profiles().insertOne(TestProfiles.profile(badYear, 1).append("profile", new Document("birthYear", "nineteen-eighty")));
        profiles().insertOne(TestProfiles.profile(negative, 2).append("debtSummary", TestProfiles.debts(1, 0, 0).append("openTotal", -5.0)));

        JobExecution first = batch.startJob(parameters("full", "a"));

        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(first.getStepExecutions()).filteredOn(s -> s.getStepName().contains(":")).hasSize(3);
        assertThat(sum(first, StepExecution::getReadCount)).isEqualTo(102);
        assertThat(sum(first, StepExecution::getWriteCount)).isEqualTo(100);
        assertThat(sum(first, StepExecution::getProcessSkipCount)).isEqualTo(2);
        assertThat(db.getCollection("ratings").countDocuments()).isEqualTo(100);
        assertThat(db.getCollection("ratingHistory").countDocuments()).isEqualTo(100);
        Document rating = db.getCollection("ratings").find(Filters.eq("_id", subjects.get(0))).first();
        assertThat(rating.getInteger("score")).isBetween(0, 1000);
        assertThat(rating.getString("modelVersion")).isEqualTo("consumidor-scorecard-1.0");
        assertThat(rating.getString("subject")).isEqualTo(subjects.get(0));
        assertThat(db.getCollection("ratingSkips").find().map(d -> d.getString("subject") + ": " + d.getString("reason")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder(badYear + ": birthYear is not a whole number: String",
                        negative + ": TOTAL_OWED value -5 is below the first bin (0)");

        // The same profiles again: no rating changed, so no history entry and no rewrite.
        JobExecution again = batch.startJob(parameters("full", "b"));

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(db.getCollection("ratingHistory").countDocuments()).isEqualTo(100);
        assertThat(db.getCollection("ratings").countDocuments(Filters.eq("revision", 1L))).isEqualTo(100);
    }

    @Test
    void incrementalRunReadsOnlyProfilesChangedSinceTheLastSuccess() throws Exception {
        List<String> subjects = TestProfiles.insert(profiles(), 60);
        assertThat(batch.startJob(parameters("full", "c")).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> changed = subjects.subList(10, 13);
        profiles().updateMany(Filters.in("_id", changed), Updates.combine(
                Updates.set("debtSummary", TestProfiles.debts(4, 3, 200)), Updates.set("updatedAt", new Date())));

        JobExecution incremental = batch.startJob(parameters("incremental", "d"));

        assertThat(incremental.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(incremental.getExecutionContext().containsKey(WatermarkListener.WATERMARK)).isTrue();
        assertThat(sum(incremental, StepExecution::getReadCount)).isEqualTo(3);
        assertThat(db.getCollection("ratingHistory").countDocuments(Filters.in("subject", changed))).isEqualTo(6);
        // Three defaulted debts, 200 days overdue: now the costliest reason of each.
        assertThat(db.getCollection("ratings").find(Filters.in("_id", changed))
                .map(d -> d.getList("reasons", Document.class).get(0).getString("code")).into(new ArrayList<>()))
                .containsExactly("R01", "R01", "R01");
        assertThat(db.getCollection("ratings").countDocuments(Filters.eq("revision", 2L))).isEqualTo(3);
    }

    @Test
    void partitionStepAloneCoversEveryProfileOnce() {
        TestProfiles.insert(profiles(), 75);

        JobExecution step = batch.startStep("ratingPartitions", parameters("full", "e"), null);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(sum(step, StepExecution::getWriteCount)).isEqualTo(75);
        assertThat(db.getCollection("ratings").countDocuments()).isEqualTo(75);
    }

    @Test
    void twoConcurrentLaunchesOfTheSameParametersRunOnce() throws Exception {
        TestProfiles.insert(profiles(), 300);
        JobParameters same = parameters("full", "f");
        Callable<Object> launch = () -> {
            try {
                return operator.start(ratingRecompute, same);
            } catch (JobExecutionAlreadyRunningException | JobInstanceAlreadyCompleteException
                     | org.springframework.dao.CannotAcquireLockException e) {
                // Already running / already done, or PostgreSQL refused the second of two simultaneous
                // creations (the repository creates executions SERIALIZABLE): each means "not run twice".
                return e;
            } catch (IllegalStateException e) {
                // Spring Batch 6.0.4's other answer to the same race: both saw no instance, one created it.
                assertThat(e).hasMessageContaining("JobInstance must not already exist");
                return e;
            }
        };
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Object> outcomes = new ArrayList<>();
        try {
            for (Future<Object> f : two.invokeAll(List.of(launch, launch))) {
                outcomes.add(f.get());
            }
        } finally {
            two.shutdown();
        }

        assertThat(outcomes).filteredOn(JobExecution.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Exception.class::isInstance).hasSize(1);
        long executions = jdbc.sql("""
                        SELECT count(*) FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                        WHERE p.PARAMETER_NAME = 'run' AND p.PARAMETER_VALUE = ?""").param(RUN + "-f").query(Long.class).single();
        assertThat(executions).isEqualTo(1);
        assertThat(db.getCollection("ratingHistory").countDocuments()).isEqualTo(300);
    }
}
