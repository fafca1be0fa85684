package io.consumidor.schedules;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules.yml that ships, in the scheduler app with the real jobs (ratingRecompute, mlTrainingExport) and
 * their own argument checks: it starts, its four schedules are there in São Paulo time, and each slot becomes the
 * job parameters the issue asks for — the training set's snapshot is the slot minus the 12-month horizon.
 */
@SpringBootTest(classes = SchedulesApplication.class, properties = {
        // this module's test application.yml stands in for the app's own; bring back what the app imports
        "spring.config.import=classpath:jobs.yml,classpath:rating-job.yml,classpath:ml-export-job.yml,classpath:schedules.yml",
        "spring.autoconfigure.exclude=",
        "spring.mongodb.uri=${MONGODB_URI}_shipped_schedules", "spring.data.mongodb.uri=${MONGODB_URI}_shipped_schedules"})
class ShippedSchedulesIT {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    @Autowired Schedules schedules;
    @Autowired SlotRunner runner;
    @Autowired SchedulesHealth health;

    private JobParameters at(String name, String localSlot) {
        Schedule schedule = schedules.find(name).orElseThrow();
        Instant slot = ZonedDateTime.of(java.time.LocalDateTime.parse(localSlot), SAO_PAULO).toInstant();
        assertThat(schedule.next(slot.minusSeconds(1))).as(name + " fires at " + localSlot).isEqualTo(slot);
        return runner.parameters(schedule, slot, null);
    }

    @org.junit.jupiter.api.AfterAll
    static void dropDatabase(@Autowired org.springframework.data.mongodb.core.MongoTemplate mongo) {
        mongo.getDb().drop();
    }

    private static String value(JobParameters parameters, String name) {
        var parameter = parameters.getParameter(name);
        return parameter == null ? null : String.valueOf(parameter.value());
    }

    @Test
    void theShippedSchedulesStartWithTheRealJobsAndMakeTheDocumentedParameters() {
        assertThat(schedules.all()).extracting(Schedule::name)
                .containsExactly("ratings-incremental", "ratings-full", "export-scoring", "export-training",
                        "feature-consistency", "erasure-sweep");
        assertThat(schedules.all()).allSatisfy(s -> assertThat(s.zone()).isEqualTo(SAO_PAULO));

        JobParameters incremental = at("ratings-incremental", "2026-12-02T10:45:00");
        assertThat(value(incremental, "mode")).isEqualTo("incremental");
        assertThat(value(incremental, "runDate")).isEqualTo("2026-12-02");
        assertThat(value(at("ratings-full", "2026-12-02T02:00:00"), "mode")).isEqualTo("full");

        JobParameters scoring = at("export-scoring", "2026-12-02T04:00:00");
        assertThat(value(scoring, "dataset")).isEqualTo("credit-scoring");
        assertThat(value(scoring, "snapshotDate")).isEqualTo("2026-12-02");

        JobParameters training = at("export-training", "2026-12-01T05:00:00");
        assertThat(value(training, "dataset")).isEqualTo("credit-default-12m");
        assertThat(value(training, "snapshotDate")).as("the last day of the month 15 months back: its 12-month window and the 60-day buffer have closed")
                .isEqualTo("2025-08-31");
        assertThat(value(training, SlotRunner.SLOT)).isEqualTo("export-training@" + ZonedDateTime.of(2026, 12, 1, 5, 0, 0, 0, SAO_PAULO)
                .toInstant());

        JobParameters consistency = at("feature-consistency", "2026-12-02T03:15:00");
        assertThat(value(consistency, "date")).as("the day before the slot: its lookups are all logged").isEqualTo("2026-12-01");

        JobParameters sweep = at("erasure-sweep", "2026-12-02T06:30:00");
        assertThat(value(sweep, "at")).isEqualTo("2026-12-02T06:30");

        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        new SchedulesCli(schedules, runner, health, Clock.systemUTC(), new PrintStream(listed, true, StandardCharsets.UTF_8))
                .run(java.util.List.of("list"), false);
        assertThat(listed.toString(StandardCharsets.UTF_8)).contains("ratings-incremental", "0 */15 * * * *", "America/Sao_Paulo",
                "export-training");
    }
}
