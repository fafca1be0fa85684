package io.consumidor.batchsupport.partition;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.PartitionStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.MessageChannelPartitionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.core.MessagingTemplate;

/**
 * How every job builds its manager step, so that one setting switches them all between local and remote partitions:
 * {@code local} runs the partitions on as many threads of this JVM; {@code remote} sends them to the worker processes
 * through {@link RemotePartitionHandler}. The job says what a partition is (its worker step, its partitioner, the grid);
 * nothing else about the job changes with the mode.
 */
public final class PartitionSteps {

    private final JobRepository jobs;
    private final PartitioningProperties properties;
    private final ObjectProvider<RemotePartitioning> remote;

    public PartitionSteps(JobRepository jobs, PartitioningProperties properties, ObjectProvider<RemotePartitioning> remote) {
        this.jobs = jobs;
        this.properties = properties;
        this.remote = remote;
    }

    /**
     * The manager step {@code name}: {@code worker}'s partitions from {@code partitioner}, about {@code gridSize} of them,
     * run on {@code localThreads} threads when local.
     */
    public Step manager(String name, Step worker, Partitioner partitioner, int gridSize, int localThreads) {
        PartitionStepBuilder builder = new StepBuilder(name, jobs).partitioner(worker.getName(), partitioner).step(worker).gridSize(gridSize);
        if (!properties.remote()) {
            SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(worker.getName() + "-");
            threads.setConcurrencyLimit(localThreads);
            return builder.taskExecutor(threads).build();
        }
        return builder.partitionHandler(remote.getObject().handler(worker.getName(), gridSize)).build();
    }

    /** The remote side's parts, built only when a job runs remote partitions or this process is a worker. */
    public record RemotePartitioning(JobRepository jobs, MessagingTemplate requests, PartitionLeases leases, PartitionQueue queue,
                                     PartitioningProperties properties) {

        PartitionHandler handler(String workerStep, int gridSize) {
            MessageChannelPartitionHandler engine = new MessageChannelPartitionHandler();
            engine.setStepName(workerStep);
            engine.setGridSize(gridSize);
            engine.setMessagingOperations(requests);
            engine.setJobRepository(jobs); // poll the repository: no reply channel, so no durable replies needed
            engine.setPollInterval(properties.pollInterval().toMillis());
            try {
                engine.afterPropertiesSet();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new RemotePartitionHandler(engine, jobs, leases, queue, properties, gridSize);
        }
    }
}
