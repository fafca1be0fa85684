package io.consumidor.schedules;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unhealthy when an enabled schedule has not succeeded within its expected interval: the slot that should have
 * finished by now (the newest slot at least one interval old) and every later one are all not completed. Read
 * from the job repository, so it holds across restarts and replicas.
 */
final class SchedulesHealth implements HealthIndicator {

    private final Schedules schedules;
    private final SlotRunner runner;
    private final Clock clock;

    SchedulesHealth(Schedules schedules, SlotRunner runner, Clock clock) {
        this.schedules = schedules;
        this.runner = runner;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        boolean healthy = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Schedule schedule : schedules.all()) {
            if (!schedule.enabled()) {
                details.put(schedule.name(), "disabled");
                continue;
            }
            Status status = status(schedule, now);
            details.put(schedule.name(), status.text());
            healthy &= status.healthy();
        }
        return (healthy ? Health.up() : Health.down()).withDetails(details).build();
    }

    record Status(boolean healthy, String text) {
    }

    Status status(Schedule schedule, Instant now) {
        Duration interval = schedule.interval(now);
        Instant due = schedule.latest(now.minus(interval));
        if (due == null) {
            return new Status(true, "no slot due yet");
        }
        for (Instant slot : schedule.slotsBetween(due.minusMillis(1), now)) {
            if (runner.last(schedule, slot).map(e -> e.getStatus() == BatchStatus.COMPLETED).orElse(false)) {
                return new Status(true, "succeeded for slot " + slot);
            }
        }
        return new Status(false, "no success since slot " + due + " (expected within " + interval + ")");
    }
}
