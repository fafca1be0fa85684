package io.consumidor.batchsupport.partition;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SQS queue of partition requests in the deployment's namespace ({@code Queues.PARTITION_REQUESTS}). Created when
 * missing, by the manager or a worker, whichever comes first: a partition message lives no longer than it takes a
 * worker to claim it, so the queue needs no dead-letter queue — a request nobody can run is failed by the manager.
 */
public final class PartitionQueue {

    /** Longer than a claim takes, far shorter than a partition: a worker deletes the message as soon as it claimed it. */
    static final Duration VISIBILITY = Duration.ofSeconds(60);

    private final SqsAsyncClient sqs;
    private final String name;
    private final String endpoint;
    private final Duration callTimeout;

    public PartitionQueue(SqsAsyncClient sqs, String name, String endpoint, Duration callTimeout) {
        this.sqs = sqs;
        this.name = name;
        this.endpoint = endpoint.isBlank() ? "AWS" : endpoint;
        this.callTimeout = callTimeout;
    }

    public String name() {
        return name;
    }

    /** The queue's URL, creating the queue if it is missing; {@link PartitionQueueUnavailable} when SQS does not answer. */
    public String url() {
        try {
            try {
                // Looked up first: a queue provisioned by the deployment (its own attributes, no sqs:CreateQueue) is used as is.
                return sqs.getQueueUrl(b -> b.queueName(name)).get(callTimeout.toMillis(), TimeUnit.MILLISECONDS).queueUrl();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException)) {
                    throw e;
                }
            }
            return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                            QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(VISIBILITY.toSeconds()),
                            QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(Duration.ofDays(4).toSeconds()))))
                    .get(callTimeout.toMillis(), TimeUnit.MILLISECONDS).queueUrl();
        } catch (TimeoutException e) {
            throw new PartitionQueueUnavailable(this, "no answer within " + callTimeout);
        } catch (ExecutionException e) {
            throw new PartitionQueueUnavailable(this, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PartitionQueueUnavailable(this, "interrupted");
        }
    }

    /** Messages waiting in the queue (approximate, as SQS counts them). */
    public long waiting() {
        try {
            String count = sqs.getQueueAttributes(b -> b.queueUrl(url()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .get(callTimeout.toMillis(), TimeUnit.MILLISECONDS).attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return count == null ? -1 : Long.parseLong(count);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public String toString() {
        return name + " at " + endpoint;
    }

    /** SQS did not answer: the manager stops before a partition is sent, or fails the partitions it could not send. */
    public static final class PartitionQueueUnavailable extends RuntimeException {

        PartitionQueueUnavailable(PartitionQueue queue, String cause) {
            super("the partition queue " + queue + " cannot be reached (" + cause + "); no partition was sent. The run restarts"
                    + " from where it stopped once SQS answers");
        }
    }
}
