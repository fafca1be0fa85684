package io.consumidor.schedules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per schedule (tag {@code schedule}): {@code consumidor.schedule.last.success} (epoch seconds of the last
 * successful slot's end), {@code consumidor.schedule.duration} (a timer of runs), {@code consumidor.schedule.failures}
 * and {@code consumidor.schedule.missed} (slots skipped by the catch-up policy). Names, never data.
 */
final class ScheduleMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    ScheduleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(Schedule schedule) {
        AtomicLong last = lastSuccess.computeIfAbsent(schedule.name(), n -> new AtomicLong());
        Gauge.builder("consumidor.schedule.last.success", last, AtomicLong::get).tag("schedule", schedule.name())
                .description("end of the last successful slot, epoch seconds (0: none since start)").register(registry);
        failures(schedule);
        missed(schedule, 0);
    }

    void ran(Schedule schedule, Instant slot, boolean succeeded, Duration duration, Instant now) {
        Timer.builder("consumidor.schedule.duration").tag("schedule", schedule.name()).register(registry).record(duration);
        if (succeeded) {
            lastSuccess.computeIfAbsent(schedule.name(), n -> new AtomicLong()).set(now.getEpochSecond());
        } else {
            failures(schedule).increment();
        }
    }

    void missed(Schedule schedule, int slots) {
        Counter.builder("consumidor.schedule.missed").tag("schedule", schedule.name()).register(registry).increment(slots);
    }

    private Counter failures(Schedule schedule) {
        return Counter.builder("consumidor.schedule.failures").tag("schedule", schedule.name()).register(registry);
    }
}
