package io.consumidor.core.wire;

/**
 * The two queues Base A's outbox publishes to, and the router reads. Events name a feed; the queue behind
 * each feed is {@link Queues#of(Feed)} in the deployment's {@link Namespace}.
 */
public enum Feed {
    /** Base B: profile facts, debt summary, erasure. */
    PROFILE(Queues.PROFILE_EVENTS),
    /** Base C: bureau queries, card purchases, financial movements, erasure. */
    ACTIVITY(Queues.ACTIVITY_EVENTS);

    private final String queue;

    Feed(String queue) {
        this.queue = queue;
    }

    /** The queue's name without a namespace. */
    public String baseQueueName() {
        return queue;
    }
}
