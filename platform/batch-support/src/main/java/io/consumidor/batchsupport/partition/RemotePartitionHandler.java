package io.consumidor.batchsupport.partition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The manager's side of remote partitioning: Spring Batch's {@link MessageChannelPartitionHandler} sends each
 * partition's request to the queue and polls the job repository until every partition has ended; this class adds
 * what a fleet of workers needs around it.
 * <ul>
 *   <li>a {@link LeaseWatch} for each round, which fails a partition whose worker stopped renewing its lease (killed,
 *       lost) or that no worker claimed within the pickup timeout, so the poll ends instead of waiting forever;</li>
 *   <li>attempts: a failed partition gets a new step execution of the same name, holding the failed one's execution
 *       context (its subject range, and a chunk step's last committed position, as a job restart does), and is sent
 *       again — up to {@code max-attempts}, after which the step fails naming every such partition and its error;</li>
 *   <li>a check that the queue answers before anything is sent, and on a failed send, the round's partitions that no
 *       worker claimed are failed, so nothing is left STARTING and a restart runs them.</li>
 * </ul>
 * Partitions completed by an earlier execution of the job are not sent again: the splitter of a restart leaves them
 * out, as for local partitions.
 */
public final class RemotePartitionHandler implements PartitionHandler {

    private static final Logger log = LoggerFactory.getLogger(RemotePartitionHandler.class);

    private final MessageChannelPartitionHandler engine;
    private final JobRepository repository;
    private final PartitionLeases leases;
    private final PartitionQueue queue;
    private final PartitioningProperties properties;
    private final int gridSize;

    public RemotePartitionHandler(MessageChannelPartitionHandler engine, JobRepository repository, PartitionLeases leases, PartitionQueue queue,
                                  PartitioningProperties properties, int gridSize) {
        this.engine = engine;
        this.repository = repository;
        this.leases = leases;
        this.queue = queue;
        this.properties = properties;
        this.gridSize = gridSize;
    }

    @Override
    public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution manager) throws Exception {
        queue.url(); // fails clearly, before a step execution is created, when SQS does not answer
        leases.ensureTable();
        Set<StepExecution> round = splitter.split(manager, gridSize);
        log.info("{}: {} partition(s) sent to {}", manager.getStepName(), round.size(), queue);
        Map<String, Integer> attempts = new HashMap<>();
        Map<String, StepExecution> last = new TreeMap<>();
        while (!round.isEmpty()) {
            round.forEach(e -> attempts.merge(e.getStepName(), 1, Integer::sum));
            Collection<StepExecution> ended = run(splitter.getStepName(), round, manager);
            Set<StepExecution> again = new HashSet<>();
            for (StepExecution partition : ended) {
                last.put(partition.getStepName(), partition);
                int attempt = attempts.get(partition.getStepName());
                if (partition.getStatus() == BatchStatus.FAILED && attempt < properties.maxAttempts()) {
                    log.warn("{} failed on attempt {} of {} ({}); sending it again", partition.getStepName(), attempt, properties.maxAttempts(),
                            reason(partition));
                    again.add(retry(partition, manager.getJobExecution()));
                }
            }
            round = again;
        }
        try {
            leases.forgetFinished();
        } catch (RuntimeException e) {
            log.debug("could not remove the leases of ended job executions ({})", e.toString());
        }
        List<StepExecution> failed = last.values().stream().filter(e -> e.getStatus() == BatchStatus.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new PartitionsFailedException(failed.stream()
                    .map(e -> e.getStepName() + " (step execution " + e.getId() + ") after " + attempts.get(e.getStepName()) + " attempt(s): "
                            + reason(e))
                    .collect(Collectors.joining("; ")));
        }
        return last.values();
    }

    private Collection<StepExecution> run(String workerStep, Set<StepExecution> round, StepExecution manager) throws Exception {
        try (LeaseWatch watch = new LeaseWatch(repository, leases, properties, manager.getJobExecutionId(), round)) {
            try {
                return engine.handle(new FixedSplit(workerStep, round), manager);
            } catch (Exception | Error e) {
                watch.failUnclaimed("not sent or not taken before the manager's step failed: " + e);
                throw e;
            }
        }
    }

    /** A new step execution of the failed partition, holding its execution context (range and committed position). */
    private StepExecution retry(StepExecution failed, JobExecution job) {
        StepExecution stored = repository.getStepExecution(failed.getId());
        ExecutionContext context = stored == null ? failed.getExecutionContext() : stored.getExecutionContext();
        StepExecution next = repository.createStepExecution(failed.getStepName(), job);
        next.setExecutionContext(new ExecutionContext(context));
        repository.updateExecutionContext(next);
        return next;
    }

    static String reason(StepExecution execution) {
        String description = execution.getExitStatus().getExitDescription();
        if (description == null || description.isBlank()) {
            return execution.getFailureExceptions().isEmpty() ? execution.getExitStatus().getExitCode()
                    : String.valueOf(execution.getFailureExceptions().get(0));
        }
        String first = description.lines().findFirst().orElse(description);
        return first.length() > 500 ? first.substring(0, 500) + "…" : first;
    }

    /** The round's step executions, already created: the engine sends exactly these. */
    private record FixedSplit(String stepName, Set<StepExecution> executions) implements StepExecutionSplitter {

        @Override
        public String getStepName() {
            return stepName;
        }

        @Override
        public Set<StepExecution> split(StepExecution stepExecution, int gridSize) {
            return executions;
        }
    }

    /** Partitions that failed every attempt: the manager step, and so the job, fails with this message. */
    public static final class PartitionsFailedException extends RuntimeException {

        PartitionsFailedException(String partitions) {
            super("partition(s) failed on every attempt: " + partitions);
        }
    }
}
