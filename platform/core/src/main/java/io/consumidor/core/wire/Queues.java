package io.consumidor.core.wire;

/**
 * The SQS queue names the modules share. Constants, so configuration records can use them as defaults; a
 * deployment's {@link Namespace} prefixes them ({@code test-consumidor-profile-events} for the test suite).
 * Dead-letter queues are the binder's {@code <queue>-dlq}.
 */
public final class Queues {

    /** Base A → Base B: {@code consumer.profile}, {@code consumer.debt_summary}, {@code consumer.facts}, {@code consumer.erased}. */
    public static final String PROFILE_EVENTS = "consumidor-profile-events";
    /** Base A and the intake → Base C: bureau queries, card purchases, financial movements, {@code consumer.erased}. */
    public static final String ACTIVITY_EVENTS = "consumidor-activity-events";
    /** Suffix of a queue's dead-letter queue. */
    public static final String DLQ_SUFFIX = "-dlq";

    private Queues() {
    }

    public static String of(Feed feed, Namespace namespace) {
        return namespace.apply(feed.baseQueueName());
    }

    public static String deadLetters(String queue) {
        return queue + DLQ_SUFFIX;
    }
}
