package io.consumidor.schedules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler: one thread per enabled schedule, so a long or failing job never delays another schedule. Each
 * thread first applies the schedule's catch-up policy to the slots of its look-back that have not completed
 * (slots missed while no scheduler ran), then waits for each next slot and runs it ({@link SlotRunner}), retrying a
 * failed slot per the schedule's retry policy. Slots that pass while a run overruns are handled by the same
 * catch-up policy. Several replicas may run this side by side: each slot runs once.
 */
final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final Schedules schedules;
    private final SlotRunner runner;
    private final ScheduleMetrics metrics;
    private final Clock clock;
    private final FirstStarts firstStarts;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    Scheduler(Schedules schedules, SlotRunner runner, ScheduleMetrics metrics, Clock clock, FirstStarts firstStarts) {
        this.schedules = schedules;
        this.runner = runner;
        this.metrics = metrics;
        this.clock = clock;
        this.firstStarts = firstStarts;
    }

    synchronized void start() {
        running = true;
        for (Schedule schedule : schedules.all()) {
            metrics.register(schedule);
            if (!schedule.enabled()) {
                log.info("{}: disabled", schedule.name());
                continue;
            }
            Thread thread = new Thread(() -> loop(schedule), "schedule-" + schedule.name());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(Schedule schedule) {
        Instant cursor = clock.instant();
        try {
            catchUp(schedule, catchUpFrom(schedule, cursor), cursor);
            while (running) {
                Instant slot = schedule.next(cursor);
                if (slot == null) {
                    return;
                }
                sleepUntil(slot);
                if (!running) {
                    return;
                }
                runWithRetry(schedule, slot);
                cursor = slot;
                Instant now = clock.instant();
                if (schedule.next(cursor) != null && schedule.next(cursor).isBefore(now)) {
                    catchUp(schedule, cursor, now); // the run overran later slots
                    cursor = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{}: the schedule's thread stopped: {}", schedule.name(), e.toString(), e);
        }
    }

    /**
     * Where the start-up catch-up looks from: the look-back, but never before the schedule's first start on this
     * job repository (unless it backfills) — a fresh install has missed nothing, and slots before it would write
     * history for days before any data existed.
     */
    Instant catchUpFrom(Schedule schedule, Instant now) {
        Instant from = now.minus(schedule.lookBack());
        // An install that ran this schedule before the table existed (an upgrade) has its first start in the past:
        // any completed slot of the look-back says so, and its missed slots are caught up as before.
        Instant first = firstStarts.record(schedule.name(), () -> ranBefore(schedule, from, now) ? from : now);
        if (schedule.backfill()) {
            return from;
        }
        if (first.isAfter(from)) {
            log.info("{}: first started {}; no catch-up of slots before it (backfill: true asks for them)", schedule.name(), first);
            return first;
        }
        return from;
    }

    private boolean ranBefore(Schedule schedule, Instant from, Instant now) {
        for (Instant slot : schedule.slotsBetween(from, now)) {
            if (runner.last(schedule, slot).map(e -> e.getStatus() == BatchStatus.COMPLETED).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies the catch-up policy to the slots in {@code (after, until]} that have not completed since the newest
     * completed one: none skips them,
     * latest runs the newest, all runs each, oldest first. Returns the slots it ran.
     */
    List<Instant> catchUp(Schedule schedule, Instant after, Instant until) throws InterruptedException {
        // Missed = not completed and after the newest completed slot: slots before that one were decided on by an
        // earlier run of the policy (skipped by none or latest), not missed while no scheduler ran.
        // Walked newest first, stopping at the first completed slot: one repository look-up per missed slot, not
        // one per slot of the look-back.
        List<Instant> slots = schedule.slotsBetween(after, until);
        List<Instant> missed = new ArrayList<>();
        for (int i = slots.size() - 1; i >= 0; i--) {
            Instant slot = slots.get(i);
            if (runner.last(schedule, slot).map(e -> e.getStatus() == BatchStatus.COMPLETED).orElse(false)) {
                break;
            }
            missed.add(0, slot);
        }
        if (missed.isEmpty()) {
            return missed;
        }
        List<Instant> toRun = switch (schedule.catchUp()) {
            case NONE -> List.of();
            case LATEST -> List.of(missed.get(missed.size() - 1));
            case ALL -> missed;
        };
        metrics.missed(schedule, missed.size() - toRun.size());
        log.info("{}: {} missed slot(s) since {}; catch-up {} runs {}", schedule.name(), missed.size(), after,
                schedule.catchUp().name().toLowerCase(), toRun);
        for (Instant slot : toRun) {
            runWithRetry(schedule, slot);
        }
        return toRun;
    }

    /** Runs the slot, and a failed one again after the backoff, up to the policy's attempts. */
    SlotRunner.Result runWithRetry(Schedule schedule, Instant slot) throws InterruptedException {
        SlotRunner.Result result = null;
        for (int attempt = 1; attempt <= schedule.retry().attempts(); attempt++) {
            result = runner.run(schedule, slot, null);
            if (result.outcome() != SlotRunner.Outcome.FAILED) {
                return result;
            }
            if (attempt < schedule.retry().attempts()) {
                log.warn("{}: slot {} failed (attempt {} of {}); retrying in {}", schedule.name(), slot, attempt,
                        schedule.retry().attempts(), schedule.retry().backoff());
                Thread.sleep(schedule.retry().backoff().toMillis());
            } else {
                log.error("{}: slot {} failed {} time(s); giving up until a manual run", schedule.name(), slot, attempt);
            }
        }
        return result;
    }

    private void sleepUntil(Instant slot) throws InterruptedException {
        while (running) {
            long millis = Duration.between(clock.instant(), slot).toMillis();
            if (millis <= 0) {
                return;
            }
            Thread.sleep(Math.min(millis, 1000));
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }
}
