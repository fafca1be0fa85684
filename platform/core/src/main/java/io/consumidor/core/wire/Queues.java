package io.consumidor.core.wire;

/**
 * The SQS queue names the modules share. Constants, so configuration records can use them as defaults; a
 * deployment's {@link Namespace} prefixes them ({@code test-consumidor-profile-events} for the test suite).
 * Every queue's dead letters go to {@code <queue>-dlq} ({@code <queue>-dlq.fifo} for a FIFO queue), whoever moves
 * them there (the binder, the Base A worker); their attributes are {@link DeadLetters}'.
 */
public final class Queues {

    /** Base A → Base B: {@code consumer.profile}, {@code consumer.debt_summary}, {@code consumer.facts}, {@code consumer.erased}. */
    public static final String PROFILE_EVENTS = "consumidor-profile-events";
    /** Base A and the intake → Base C: bureau queries, card purchases, financial movements, {@code consumer.erased}. */
    public static final String ACTIVITY_EVENTS = "consumidor-activity-events";
    /**
     * The jobs' manager → their worker processes: remote partitions' requests (a step execution's id and its worker
     * step's name; no personal data). No dead-letter queue: the job repository, not the queue, holds a claimed partition.
     */
    public static final String PARTITION_REQUESTS = "consumidor-partition-requests";
    /** Suffix of a queue's dead-letter queue. */
    public static final String DLQ_SUFFIX = "-dlq";

    private Queues() {
    }

    public static String of(Feed feed, Namespace namespace) {
        return namespace.apply(feed.baseQueueName());
    }

    private static final String FIFO = ".fifo";

    /** The dead-letter queue of {@code queue}: {@code -dlq} before a FIFO queue's {@code .fifo}. */
    public static String deadLetters(String queue) {
        return queue.endsWith(FIFO) ? queue.substring(0, queue.length() - FIFO.length()) + DLQ_SUFFIX + FIFO : queue + DLQ_SUFFIX;
    }

    public static boolean isDeadLetters(String queue) {
        return queue.endsWith(DLQ_SUFFIX) || queue.endsWith(DLQ_SUFFIX + FIFO);
    }

    /** The queue whose dead letters {@code deadLetters} holds (the suffix taken off the end only). */
    public static String sourceOf(String deadLetters) {
        if (!isDeadLetters(deadLetters)) {
            throw new IllegalArgumentException(deadLetters + " is not a dead-letter queue");
        }
        return deadLetters.endsWith(FIFO)
                ? deadLetters.substring(0, deadLetters.length() - DLQ_SUFFIX.length() - FIFO.length()) + FIFO
                : deadLetters.substring(0, deadLetters.length() - DLQ_SUFFIX.length());
    }
}
