package io.consumidor.schedules;

import io.consumidor.batchsupport.JobLaunch;
import io.consumidor.batchsupport.launch.InstanceLocks;
import io.consumidor.batchsupport.launch.LockedStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one slot of a schedule, exactly once across replicas: under the slot's advisory lock it looks the slot's
 * job instance up in the job repository (identifying parameters: the job's own arguments plus {@code slot} =
 * {@code <schedule>@<instant>}) — completed → nothing to do; left running by a process that died (no one holds
 * the lock, so no one runs it) → recovered and restarted; failed → restarted; absent → started (through
 * {@link LockedStart}, which rides out the job repository's refusals of simultaneous creations). The job runs in
 * this thread; the lock is released when it ends.
 */
final class SlotRunner {

    static final String SLOT = "slot";
    static final String RERUN = "rerun";
    private static final Logger log = LoggerFactory.getLogger(SlotRunner.class);

    enum Outcome { COMPLETED, FAILED, ALREADY_COMPLETED, RUNNING_ELSEWHERE }

    record Result(Outcome outcome, JobExecution execution, Duration duration) {
    }

    private final JobOperator operator;
    private final JobRepository repository;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, JobLaunch> launches = new LinkedHashMap<>();
    private final InstanceLocks locks;
    private final LockedStart start;
    private final ScheduleMetrics metrics;
    private final Clock clock;

    SlotRunner(JobOperator operator, JobRepository repository, List<Job> jobs, List<JobLaunch> launches, InstanceLocks locks,
               ScheduleMetrics metrics, Clock clock) {
        this.operator = operator;
        this.repository = repository;
        jobs.forEach(j -> this.jobs.put(j.getName(), j));
        launches.forEach(l -> this.launches.put(l.job(), l));
        this.locks = locks;
        this.start = new LockedStart(operator, repository);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The identifying parameters of a slot's job instance (a re-run adds its own label, so it is a new instance). */
    JobParameters parameters(Schedule schedule, Instant slot, String rerun) {
        JobParametersBuilder builder = new JobParametersBuilder(launches.get(schedule.job()).parameters(schedule.arguments(slot), clock))
                .addString(SLOT, schedule.slotKey(slot));
        if (rerun != null) {
            builder.addString(RERUN, rerun);
        }
        return builder.toJobParameters();
    }

    /** The slot's last execution, if it ever ran (not counting deliberate re-runs). */
    Optional<JobExecution> last(Schedule schedule, Instant slot) {
        return Optional.ofNullable(repository.getLastJobExecution(schedule.job(), parameters(schedule, slot, null)));
    }

    Result run(Schedule schedule, Instant slot, String rerun) {
        String key = schedule.slotKey(slot) + (rerun == null ? "" : "#" + rerun);
        Optional<InstanceLocks.Held> lock = locks.tryLock(key);
        if (lock.isEmpty()) {
            return new Result(Outcome.RUNNING_ELSEWHERE, null, Duration.ZERO);
        }
        try (InstanceLocks.Held held = lock.get()) {
            JobParameters parameters = parameters(schedule, slot, rerun);
            JobExecution last = repository.getLastJobExecution(schedule.job(), parameters);
            if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
                return new Result(Outcome.ALREADY_COMPLETED, last, Duration.ZERO);
            }
            if (last != null && last.isRunning()) {
                // We hold the slot's lock, so no live scheduler runs it: its process died mid-run.
                log.warn("{}: slot {} was left {} by a process that is gone; recovering it to restart", schedule.name(), slot, last.getStatus());
                operator.recover(last);
            }
            long started = System.nanoTime();
            JobExecution execution = start.start(jobs.get(schedule.job()), parameters);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            boolean completed = execution.getStatus() == BatchStatus.COMPLETED;
            metrics.ran(schedule, slot, completed, duration, clock.instant());
            log.info("{}: slot {} {} in {} s (execution {})", schedule.name(), slot, execution.getStatus(), duration.toSeconds(), execution.getId());
            return new Result(completed ? Outcome.COMPLETED : Outcome.FAILED, execution, duration);
        } catch (Exception e) {
            metrics.ran(schedule, slot, false, Duration.ZERO, clock.instant());
            log.error("{}: slot {} could not run: {}", schedule.name(), slot, e.toString());
            return new Result(Outcome.FAILED, null, Duration.ZERO);
        }
    }
}
