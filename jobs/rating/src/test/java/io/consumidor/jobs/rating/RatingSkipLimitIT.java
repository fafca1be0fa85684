package io.consumidor.jobs.rating;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.skip.SkipLimitExceededException;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Data broken wholesale: past the skip limit the job fails instead of quietly rating what is left. */
@SpringBatchTest
@SpringBootTest(properties = {"spring.mongodb.uri=${MONGODB_URI}_rating_skip_it", "spring.data.mongodb.uri=${MONGODB_URI}_rating_skip_it",
        "consumidor.batch.rating.chunk-size=10", "consumidor.batch.rating.grid-size=1", "consumidor.batch.rating.skip-limit=3"})
class RatingSkipLimitIT {

    @Autowired
    JobOperatorTestUtils batch;

    @Autowired
    Job ratingRecompute;

    @Autowired
    MongoTemplate mongo;

    @AfterEach
    void drop() {
        mongo.getDb().drop();
    }

    @Test
    void moreMalformedProfilesThanTheSkipLimitFailTheJob() throws Exception {
        TestProfiles.insert(mongo.getDb().getCollection(BaseBCollections.PROFILES), 20);
        // Two broken profiles sort before every good one (the first chunk of ten commits with their two skips), three
        // after them all (the third chunk reaches the fourth skip, past the limit of three, and never commits).
        for (int i = 0; i < 5; i++) {
            String subject = "dev_" + (i < 2 ? "0" : "f").repeat(63) + i;
            Document broken = TestProfiles.document(TestProfiles.profile(subject, i));
            broken.get("debtSummary", Document.class).put("openCount", "many");
            mongo.getDb().getCollection(BaseBCollections.PROFILES).insertOne(broken);
        }
        batch.setJob(ratingRecompute);

        JobExecution execution = batch.startJob(RatingJobParameters.of(
                Map.of("runDate", "2026-11-23", "run", UUID.randomUUID().toString()), LocalDate.now()));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(execution.getStepExecutions()).flatExtracting(s -> s.getFailureExceptions())
                .anySatisfy(e -> assertThat(e).isInstanceOf(SkipLimitExceededException.class));
        // Skips are recorded when their chunk commits; the chunk that crossed the limit never does.
        assertThat(mongo.getDb().getCollection(BaseBCollections.RATING_SKIPS).countDocuments()).as("the first chunk's two")
                .isEqualTo(2);
    }
}
