package io.consumidor.batchsupport.partition;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.Acknowledgement;
import io.consumidor.batchsupport.JobOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker process's end of the partition queue: takes a partition request, claims its step execution
 * ({@link PartitionLeases}), deletes the message, runs the step with Spring Batch's {@link StepExecutionRequestHandler}
 * and renews the lease every heartbeat while it runs. The message is deleted once the claim is won, not when the step
 * ends: a partition may run for an hour, far past any visibility timeout, and from the claim on the job repository — not
 * the queue — holds the partition (a killed worker's partition is failed by the manager and sent again). A request for
 * a step execution that is not waiting to start (already run, failed by the manager, or claimed by another worker after
 * a duplicate delivery) runs nothing.
 */
public final class PartitionWorker implements MessageHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionWorker.class);

    private final JobRepository repository;
    private final StepExecutionRequestHandler steps;
    private final PartitionLeases leases;
    private final String owner = JobOwner.current();
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats;

    public PartitionWorker(JobRepository repository, StepExecutionRequestHandler steps, PartitionLeases leases, Duration heartbeat) {
        this.repository = repository;
        this.steps = steps;
        this.leases = leases;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "partition-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeats.scheduleAtFixedRate(this::renew, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handleMessage(Message<?> message) {
        StepExecutionRequest request;
        try {
            request = PartitionRequests.read(body(message));
        } catch (IllegalArgumentException e) {
            log.warn("dropped a message that is not a partition request ({})", e.getMessage());
            acknowledge(message);
            return;
        }
        StepExecution execution = repository.getStepExecution(request.getStepExecutionId());
        if (execution == null) {
            log.warn("dropped the request for step execution {}: the job repository has none (another deployment's?)",
                    request.getStepExecutionId());
            acknowledge(message);
            return;
        }
        if (!execution.getStepName().startsWith(request.getStepName() + ":")) {
            log.warn("dropped a request naming step {} for step execution {} of {}: not its worker step", request.getStepName(),
                    execution.getId(), execution.getStepName());
            acknowledge(message);
            return;
        }
        if (execution.getStatus() != BatchStatus.STARTING
                || !leases.claim(execution.getId(), execution.getJobExecutionId(), owner)) {
            log.info("dropped the request for {} (step execution {}): it is {} or another worker claimed it — a duplicate delivery",
                    execution.getStepName(), execution.getId(), execution.getStatus());
            acknowledge(message);
            return;
        }
        acknowledge(message);
        running.add(execution.getId());
        long started = System.nanoTime();
        log.info("running {} (step execution {} of job execution {})", execution.getStepName(), execution.getId(), execution.getJobExecutionId());
        try {
            StepExecution result = steps.handle(request);
            if (result.getEndTime() == null) {
                persistFailure(result); // the step threw past its own bookkeeping: the handler leaves saving it to us
            }
            log.info("{} ended {} in {} s: read {}, written {}{}", result.getStepName(), result.getStatus(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(), result.getReadCount(), result.getWriteCount(),
                    result.getFailureExceptions().isEmpty() ? "" : " — " + result.getFailureExceptions().get(0));
        } finally {
            running.remove(execution.getId());
        }
    }

    private void persistFailure(StepExecution result) {
        try {
            result.setEndTime(java.time.LocalDateTime.now());
            repository.update(result);
        } catch (RuntimeException e) {
            // Typically the manager already failed it (its lease expired): the repository keeps the manager's verdict.
            log.warn("could not record the end of step execution {}: {}", result.getId(), e.toString());
        }
    }

    private void renew() {
        try {
            if (!running.isEmpty()) {
                leases.renew(running, owner);
            }
        } catch (RuntimeException e) {
            log.warn("could not renew the partition leases {} ({}); the manager fails them after its lease timeout", running, e.toString());
        }
    }

    private static String body(Message<?> message) {
        Object source = message.getHeaders().get(SqsHeaders.SQS_SOURCE_DATA_HEADER);
        if (source instanceof software.amazon.awssdk.services.sqs.model.Message sqs) {
            return sqs.body();
        }
        return String.valueOf(message.getPayload());
    }

    private static void acknowledge(Message<?> message) {
        if (message.getHeaders().containsKey(io.awspring.cloud.sqs.MessagingHeaders.ACKNOWLEDGMENT_CALLBACK_HEADER)) {
            // Not awaited: the claim, not the deletion, keeps a partition from running twice, and waiting for the
            // container's acknowledgement batch would hold every partition's start by up to its interval.
            Acknowledgement.acknowledgeAsync(message).whenComplete((done, failed) -> {
                if (failed != null) {
                    log.debug("could not delete a partition request ({}); its redelivery will find it claimed", failed.toString());
                }
            });
        }
    }

    /** Step executions this worker runs now. */
    public Set<Long> running() {
        return Set.copyOf(running);
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }
}
