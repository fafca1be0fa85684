package io.consumidor.jobs.rating;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.scorecard.ProfileFacts;
import io.consumidor.batchsupport.DeploymentProperties;
import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.cli.ExitCode;
import io.consumidor.batchsupport.cli.JobCli;
import io.consumidor.batchsupport.launch.InstanceLocks;
import io.consumidor.scorecard.Rating;
import io.consumidor.scorecard.Scorecard;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.time.Days;
import io.consumidor.core.wire.Namespace;
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
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.math.BigDecimal;
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

    @Autowired
    Scorecard scorecard;

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    DeploymentProperties deployment;

    @Autowired
    JobRepository repository;

    @Autowired
    List<JobLaunch> launches;

    @Autowired
    DataSource dataSource;

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
        return db.getCollection(BaseBCollections.PROFILES);
    }

    private MongoCollection<Document> collection(String name) {
        return db.getCollection(name);
    }

    private static JobParameters parameters(String mode, String label) {
        return parameters(mode, label, "2026-11-23");
    }

    private static JobParameters parameters(String mode, String label, String runDate) {
        return RatingJobParameters.of(Map.of("mode", mode, "runDate", runDate, "run", RUN + "-" + label), LocalDate.now());
    }

    private static long sum(JobExecution execution, java.util.function.ToLongFunction<StepExecution> count) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().contains(":")).mapToLong(count).sum();
    }

    @Test
    void aCommandLineLaunchOfAnInstanceWhoseLockAnotherProcessHoldsIsRefused() {
        Map<String, String> arguments = Map.of("mode", "full", "runDate", "2026-11-23", "run", RUN + "-locked");
        InstanceLocks locks = new InstanceLocks(dataSource);
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        JobCli cli = new JobCli(operator, repository, List.of(ratingRecompute), launches, locks, java.time.Clock.systemUTC(),
                new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        JobParameters parameters = launches.stream().filter(l -> l.job().equals("ratingRecompute")).findFirst().orElseThrow()
                .parameters(arguments, java.time.Clock.systemUTC());
        try (InstanceLocks.Held held = locks.tryLock("ratingRecompute", parameters).orElseThrow()) {
            assertThat(cli.launch(RatingJobParameters.JOB, arguments)).isEqualTo(ExitCode.ALREADY_RUNNING);
            assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("another process holds its lock");
            assertThat(repository.getJobInstance("ratingRecompute", parameters)).as("nothing was created").isNull();
        }
        assertThat(cli.launch(RatingJobParameters.JOB, arguments)).as("once the lock is free").isEqualTo(ExitCode.COMPLETED);
    }

    @Test
    void fullRunRatesEveryProfileRecordsSkipsWithReasonsAndKeepsHistoryOnlyForChanges() throws Exception {
        List<String> subjects = TestProfiles.insert(profiles(), 100);
        profiles().insertOne(new Document("_id", TestProfiles.subject()).append(ProfileFields.ERASURE,
                ProfileCodec.erasure(new Erasure(5, java.time.Instant.now(), java.time.Instant.now()))).append(ProfileFields.UPDATED_AT, new Date()));
        String badYear = TestProfiles.subject();
        String negative = TestProfiles.subject();
        Document badYearDocument = TestProfiles.document(TestProfiles.profile(badYear, 1));
        badYearDocument.get("profile", Document.class).put("birthYear", "nineteen-eighty");
        profiles().insertOne(badYearDocument);
        Profile owesLessThanNothing = TestProfiles.profile(negative, 2);
        profiles().insertOne(TestProfiles.document(new Profile(negative, owesLessThanNothing.personal(), TestProfiles.fact(
                new DebtSummary(1, new BigDecimal("-5"), 0, BigDecimal.ZERO, null), 1, java.time.Instant.now()), null)));

        JobExecution first = batch.startJob(parameters("full", "a"));

        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(first.getStepExecutions()).filteredOn(s -> s.getStepName().contains(":")).hasSize(3);
        assertThat(sum(first, StepExecution::getReadCount)).isEqualTo(102);
        assertThat(sum(first, StepExecution::getWriteCount)).isEqualTo(100);
        assertThat(sum(first, StepExecution::getProcessSkipCount)).isEqualTo(2);
        assertThat(collection(BaseBCollections.RATINGS).countDocuments()).isEqualTo(100);
        assertThat(collection(BaseBCollections.RATING_HISTORY).countDocuments()).isEqualTo(100);
        Document rating = collection(BaseBCollections.RATINGS).find(Filters.eq("_id", subjects.get(0))).first();
        assertThat(rating.getInteger("score")).isBetween(0, 1000);
        assertThat(rating.getString("modelVersion")).isEqualTo("consumidor-scorecard-1.1");
        assertThat(rating.getString("subject")).isEqualTo(subjects.get(0));
        assertThat(rating.getString("runDate")).isEqualTo("2026-11-23");
        assertThat(rating.get("basis", Document.class)).containsKeys("profile", "debtSummary");
        assertThat(collection(BaseBCollections.RATING_SKIPS).find().map(d -> d.getString("subject") + ": " + d.getString("reason")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder(badYear + ": profile.birthYear is not a whole number",
                        negative + ": TOTAL_OWED value -5 is below the first bin (0)");

        // The same profiles again: no rating changed, so no history entry and no rewrite.
        JobExecution again = batch.startJob(parameters("full", "b"));

        assertThat(again.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(collection(BaseBCollections.RATING_HISTORY).countDocuments()).isEqualTo(100);
        assertThat(collection(BaseBCollections.RATINGS).countDocuments(Filters.eq("revision", 1L))).isEqualTo(100);
    }

    @Test
    void incrementalRunReadsOnlyProfilesChangedSinceTheLastSuccess() throws Exception {
        List<String> subjects = TestProfiles.insert(profiles(), 60);
        assertThat(batch.startJob(parameters("full", "c")).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> changed = subjects.subList(10, 13);
        profiles().updateMany(Filters.in("_id", changed), Updates.combine(
                Updates.set("debtSummary", ProfileCodec.group(io.consumidor.baseb.profile.ProfileGroup.DEBT_SUMMARY,
                        TestProfiles.fact(TestProfiles.debts(9, 3, 200), 2, java.time.Instant.now()))),
                Updates.set(ProfileFields.UPDATED_AT, new Date())));

        JobExecution incremental = batch.startJob(parameters("incremental", "d"));

        assertThat(incremental.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(incremental.getExecutionContext().containsKey(WatermarkListener.WATERMARK)).isTrue();
        assertThat(sum(incremental, StepExecution::getReadCount)).isEqualTo(3);
        assertThat(collection(BaseBCollections.RATING_HISTORY).countDocuments(Filters.in("subject", changed))).isEqualTo(6);
        // Three defaulted debts, months overdue: now the costliest reason of each.
        assertThat(collection(BaseBCollections.RATINGS).find(Filters.in("_id", changed))
                .map(d -> d.getList("reasons", Document.class).get(0).getString("code")).into(new ArrayList<>()))
                .containsExactly("R01", "R01", "R01");
        assertThat(collection(BaseBCollections.RATINGS).countDocuments(Filters.eq("revision", 2L))).isEqualTo(3);
    }

    @Test
    void aBaseBThatLostProfilesIsRefusedBeforeAnyPartitionAndTheRatingsAreLeftAsTheyWere() throws Exception {
        List<String> subjects = TestProfiles.insert(profiles(), 50);
        assertThat(batch.startJob(parameters("full", "lost-a")).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // 11 of 50 profiles gone (22 %), as after a partial replay: more than the 20 % the job tolerates.
        profiles().deleteMany(Filters.in("_id", subjects.subList(0, 11)));

        JobExecution refused = batch.startJob(parameters("full", "lost-b"));

        assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(refused.getStepExecutions()).extracting(StepExecution::getStepName).containsExactly("ratingPreflight");
        assertThat(refused.getAllFailureExceptions()).singleElement().extracting(Throwable::getMessage).asString()
                .contains("Base B holds 39 live profiles but 50 consumers hold a current rating", "./pipeline replay base-b",
                        "consumidor.batch.rating.max-profile-drop");
        assertThat(collection(BaseBCollections.RATINGS).countDocuments()).isEqualTo(50);

        // 10 of 50 (exactly 20 %) is tolerated: consumers do leave.
        TestProfiles.insert(profiles(), 1);
        assertThat(batch.startJob(parameters("full", "lost-c")).getStatus()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void partitionStepAloneCoversEveryProfileOnce() {
        TestProfiles.insert(profiles(), 75);

        JobExecution step = batch.startStep("ratingPartitions", parameters("full", "e"), null);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(sum(step, StepExecution::getWriteCount)).isEqualTo(75);
        assertThat(collection(BaseBCollections.RATINGS).countDocuments()).isEqualTo(75);
    }

    @Test
    void twoConcurrentLaunchesOfTheSameParametersRunOnce() throws Exception {
        TestProfiles.insert(profiles(), 300);
        JobParameters same = parameters("full", "f");
        Callable<Object> launch = () -> {
            try {
                return operator.start(ratingRecompute, same);
            } catch (JobExecutionAlreadyRunningException | JobInstanceAlreadyCompleteException
                     | org.springframework.dao.DuplicateKeyException e) {
                // Already running / already done, or the JOB_INST_UN key refused the second of two simultaneous
                // creations of the instance (this bypasses the launchers' advisory lock on purpose, and the
                // repository creates in READ COMMITTED: LockedLaunchDefaults): each means "not run twice".
                return e;
            } catch (IllegalStateException e) {
                // Spring Batch 6's other answers to the same race: both saw no instance and one created it, or
                // one saw the other's instance before its first execution was stored.
                assertThat(e.getMessage()).containsAnyOf("JobInstance must not already exist",
                        "Cannot find any job execution for job instance");
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
        assertThat(collection(BaseBCollections.RATING_HISTORY).countDocuments()).isEqualTo(300);
    }

    @Test
    void daysOverdueAreCountedOnTheRunDateSoAnUnchangedProfileMovesBins() throws Exception {
        String subject = TestProfiles.subject();
        Profile base = TestProfiles.profile(subject, 11);
        Profile profile = new Profile(subject, base.personal(), TestProfiles.fact(
                new DebtSummary(1, new BigDecimal("120"), 0, BigDecimal.ZERO, LocalDate.of(2026, 10, 10)), 3, java.time.Instant.now()), null);
        profiles().insertOne(TestProfiles.document(profile));

        batch.startJob(parameters("full", "g1", "2026-11-07"));
        Document first = collection(BaseBCollections.RATINGS).find(Filters.eq("_id", subject)).first();
        batch.startJob(parameters("full", "g2", "2026-12-08"));
        Document second = collection(BaseBCollections.RATINGS).find(Filters.eq("_id", subject)).first();

        Rating on7Nov = scorecard.rate(ProfileFacts.from(profile, 0), LocalDate.of(2026, 11, 7));
        Rating on8Dec = scorecard.rate(ProfileFacts.from(profile, 0), LocalDate.of(2026, 12, 8));
        assertThat(first.getInteger("score")).isEqualTo(on7Nov.score());
        assertThat(second.getInteger("score")).isEqualTo(on8Dec.score()).isLessThan(on7Nov.score());
        assertThat(second.getLong("revision")).isEqualTo(2);
        assertThat(collection(BaseBCollections.RATING_HISTORY).countDocuments(Filters.eq("subject", subject))).isEqualTo(2);
    }

    @Test
    void recentBureauQueriesAreCountedInBaseCOverTheNinetyDaysUpToTheRunDate() throws Exception {
        String subject = TestProfiles.subject();
        Profile profile = TestProfiles.profile(subject, 5);
        profiles().insertOne(TestProfiles.document(profile));
        BaseCIndices indices = BaseCIndices.of(Namespace.of(deployment.namespace()));
        IndexTemplates.apply(elasticsearch, indices);
        java.time.Instant asOf = Days.endOf(LocalDate.of(2026, 11, 23), java.time.ZoneId.of(Days.DEFAULT_ZONE));
        List<java.time.Instant> times = new ArrayList<>();
        for (int d = 1; d <= 5; d++) {
            times.add(asOf.minus(java.time.Duration.ofDays(15L * d)));                    // 15..75 days before: in
        }
        times.add(asOf.minus(java.time.Duration.ofDays(91)));                             // before the window
        times.add(asOf.plus(java.time.Duration.ofHours(1)));                              // after the run date
        List<BulkOperation> operations = times.stream().map(at -> {
            Map<String, Object> doc = Map.of(EventFields.EVENT_ID, UUID.randomUUID().toString(), EventFields.TYPE,
                    EventType.BUREAU_QUERY.wireName(), EventFields.SUBJECT, subject, EventFields.OCCURRED_AT, at.toString(),
                    EventFields.RECORDED_AT, at.toString(), EventFields.PAYLOAD, Map.of("bureau", "serasa", "purpose", "credit"));
            return BulkOperation.of(b -> b.index(i -> i.index(indices.eventsFor(at)).id((String) doc.get(EventFields.EVENT_ID)).document(doc)));
        }).toList();
        elasticsearch.bulk(b -> b.operations(operations).refresh(Refresh.True));

        batch.startJob(parameters("full", "h"));

        Document rating = collection(BaseBCollections.RATINGS).find(Filters.eq("_id", subject)).first();
        Rating withFive = scorecard.rate(ProfileFacts.from(profile, 5), LocalDate.of(2026, 11, 23));
        assertThat(rating.getString("inputsFingerprint")).isEqualTo(withFive.inputsFingerprint());
        assertThat(rating.getInteger("score")).isEqualTo(withFive.score());
        assertThat(scorecard.points(io.consumidor.scorecard.Characteristic.RECENT_BUREAU_QUERIES, BigDecimal.valueOf(5))).isEqualTo(15);
    }
}
