package io.consumidor.batchsupport.partition;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the jobs run their partitions ({@code consumidor.jobs.partitioning.*}): on local threads (the default, one
 * machine) or remotely, on worker processes taking requests from an SQS queue of the deployment's namespace.
 *
 * @param mode          {@code local} or {@code remote} ({@code JOBS_PARTITIONING})
 * @param pollInterval  how often the manager reads the job repository for finished partitions
 * @param heartbeat     how often a worker renews the lease of the partition it runs
 * @param leaseTimeout  a partition whose lease was not renewed for this long is failed and handed to another worker
 *                      (its worker was killed or lost); several heartbeats, so a GC pause is not a death
 * @param pickupTimeout a partition no worker claimed for this long is failed and sent again (no worker running,
 *                      or its request was lost): the manager says so instead of waiting forever
 * @param maxAttempts   attempts of one partition within one job execution before the job fails naming it
 * @param workerThreads partitions one worker process runs at once
 * @param sqs           the queue's endpoint and credentials
 */
@Validated
@ConfigurationProperties("consumidor.jobs.partitioning")
public record PartitioningProperties(
        @NotNull @DefaultValue("local") Mode mode,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @NotNull @DefaultValue("5s") Duration heartbeat,
        @NotNull @DefaultValue("30s") Duration leaseTimeout,
        @NotNull @DefaultValue("10m") Duration pickupTimeout,
        @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
        @Min(1) @Max(16) @DefaultValue("1") int workerThreads,
        @Valid @NotNull @DefaultValue Sqs sqs) {

    public PartitioningProperties {
        if (heartbeat != null && leaseTimeout != null && leaseTimeout.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("consumidor.jobs.partitioning.lease-timeout (" + leaseTimeout
                    + ") must be at least three heartbeats (" + heartbeat + "), or a live worker's partition could be failed");
        }
    }

    public enum Mode { LOCAL, REMOTE }

    public boolean remote() {
        return mode == Mode.REMOTE;
    }

    /**
     * @param endpoint        the SQS endpoint; empty for AWS's own
     * @param region          the AWS region
     * @param accessKeyId     a static key (local stack); empty for the AWS default credential chain
     * @param secretAccessKey its secret
     * @param callTimeout     one SQS call, after which the manager fails clearly instead of hanging
     */
    public record Sqs(@DefaultValue("") String endpoint, @DefaultValue("sa-east-1") String region, @DefaultValue("") String accessKeyId,
                      @DefaultValue("") String secretAccessKey, @NotNull @DefaultValue("10s") Duration callTimeout) {

        @Override
        public String toString() {
            return "Sqs[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + (accessKeyId.isEmpty() ? "" : "(set)") + "]";
        }
    }
}
