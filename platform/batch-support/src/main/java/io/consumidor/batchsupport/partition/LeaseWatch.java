package io.consumidor.batchsupport.partition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Watches one round of remote partitions while the manager polls for their end, and fails those that would otherwise
 * keep it waiting forever: a partition whose worker stopped renewing its lease ({@code lease-timeout}: the worker was
 * killed or lost — its step execution would stay STARTED in the repository), and one that no worker claimed within
 * {@code pickup-timeout} (no worker is running, or the request was lost). A failed partition is then sent again by
 * {@link RemotePartitionHandler}. The verdict is written as Spring Batch writes a failure: status and exit status
 * FAILED, with the reason as the exit description; a worker that was only slow, not dead, finds its step execution
 * changed under it and stops at its next commit.
 */
final class LeaseWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseWatch.class);
    /** The claim's owner when the manager takes a partition no worker took, to fail it. */
    static final String MANAGER = "manager:" + io.consumidor.batchsupport.JobOwner.current();

    private final JobRepository repository;
    private final PartitionLeases leases;
    private final PartitioningProperties properties;
    private final long jobExecutionId;
    private final Map<Long, String> round;
    private final ScheduledExecutorService timer;

    LeaseWatch(JobRepository repository, PartitionLeases leases, PartitioningProperties properties, long jobExecutionId,
               Set<StepExecution> round) {
        this.repository = repository;
        this.leases = leases;
        this.properties = properties;
        this.jobExecutionId = jobExecutionId;
        this.round = round.stream().collect(Collectors.toMap(StepExecution::getId, StepExecution::getStepName));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "partition-lease-watch");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(200, Math.min(properties.heartbeat().toMillis(), properties.pollInterval().toMillis()));
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            for (PartitionLeases.Expired expired : leases.expired(jobExecutionId, properties.leaseTimeout())) {
                if (round.containsKey(expired.stepExecutionId())) {
                    fail(expired.stepExecutionId(), "lease expired: worker " + expired.owner() + " stopped renewing it "
                            + expired.quietSeconds() + " s ago (last at " + expired.heartbeatAt() + "; killed or lost)", e -> true);
                }
            }
            // A partition queued behind busy workers is not lost: only when no partition of the round was claimed or
            // renewed within the pickup time is nobody taking them.
            Duration pickup = properties.pickupTimeout();
            if (!leases.anyRenewedWithin(round.keySet(), pickup)) {
                for (Long id : leases.unclaimedSince(round.keySet(), pickup)) {
                    failUnclaimed(id, "no worker took it within " + pickup + " (are workers running? ./pipeline worker)");
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not check the partitions' leases ({}); trying again", e.toString());
        }
    }

    /** Fails the round's partitions that no worker has claimed (the manager's step is failing). */
    void failUnclaimed(String reason) {
        for (Long id : round.keySet()) {
            try {
                failUnclaimed(id, reason);
            } catch (RuntimeException e) {
                log.warn("could not fail step execution {} ({}); a restart reports it", id, e.toString());
            }
        }
    }

    /**
     * The manager claims the partition itself before failing it, so that a worker taking it at the same moment either
     * won the claim first (and the partition is left to it) or loses it (and runs nothing): never both.
     */
    private void failUnclaimed(long id, String reason) {
        if (leases.claim(id, jobExecutionId, MANAGER)) {
            fail(id, reason, e -> e.getStatus() == BatchStatus.STARTING);
        }
    }

    private void fail(long id, String reason, Function<StepExecution, Boolean> when) {
        StepExecution execution = repository.getStepExecution(id);
        if (execution == null || !execution.getStatus().isRunning() || !when.apply(execution)) {
            return;
        }
        execution.setStatus(BatchStatus.FAILED);
        execution.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
        execution.setEndTime(LocalDateTime.now());
        try {
            repository.update(execution);
            log.warn("{} (step execution {}) failed: {}", execution.getStepName(), id, reason);
        } catch (OptimisticLockingFailureException changed) {
            // the worker wrote it meanwhile: alive after all, or ending; the next check looks again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
