package io.consumidor.schedules;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Daylight saving, in a zone that has it (America/New_York; 2026: clocks forward at 02:00 on 8 March, back at
 * 02:00 on 1 November). The documented behaviour: a fire time inside the spring-forward gap runs once, at the first
 * instant after the gap (02:30 → 03:30 EDT, 07:30Z) — never skipped, unlike @Scheduled (spring-framework#36865);
 * a fire time inside the fall-back overlap runs once, at its first occurrence (01:30 EDT, 05:30Z).
 */
class ScheduleDstTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Schedule daily(String cron) {
        return new Schedule("dst", "probe", cron, CronExpression.parse(cron), NEW_YORK, Map.of(), SchedulesProperties.CatchUp.NONE,
                Duration.ofDays(2), new SchedulesProperties.Retry(1, Duration.ofSeconds(1)), true, false);
    }

    @Test
    void aFireTimeInTheSpringForwardGapRunsOnceJustAfterIt() {
        Schedule schedule = daily("0 30 2 * * *");
        List<Instant> slots = schedule.slotsBetween(Instant.parse("2026-03-07T12:00:00Z"), Instant.parse("2026-03-09T12:00:00Z"));
        assertThat(slots).containsExactly(Instant.parse("2026-03-08T07:30:00Z"), Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void aFireTimeInTheFallBackOverlapRunsOnceAtItsFirstOccurrence() {
        Schedule schedule = daily("0 30 1 * * *");
        List<Instant> slots = schedule.slotsBetween(Instant.parse("2026-10-31T12:00:00Z"), Instant.parse("2026-11-02T12:00:00Z"));
        assertThat(slots).containsExactly(Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Test
    void anHourlyCronAcrossTheOverlapRunsEachWallClockHourOnce() {
        Schedule schedule = daily("0 0 * * * *");
        List<Instant> slots = schedule.slotsBetween(Instant.parse("2026-11-01T04:30:00Z"), Instant.parse("2026-11-01T08:30:00Z"));
        // 01:00 EDT (05:00Z), 02:00 EST (07:00Z), 03:00 EST (08:00Z): the repeated 01:xx hour does not fire twice
        assertThat(slots).containsExactly(Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T07:00:00Z"),
                Instant.parse("2026-11-01T08:00:00Z"));
    }
}
