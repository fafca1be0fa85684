package io.consumidor.core.wire;

/**
 * The message attributes of a dead letter, whoever wrote it — the SQS binder (the router's feeds) or the Base A
 * queue worker — so {@code ./pipeline dlq list} shows every dead letter's reason and {@code dlq redrive} finds its
 * queue. Every name starts with {@link #PREFIX}; a re-driven message is sent back without them.
 */
public final class DeadLetters {

    /** Every dead-letter attribute starts with it. */
    public static final String PREFIX = "dlq-";
    /** Why the message was dead-lettered: a short, fixed text (never the message's content). */
    public static final String REASON = PREFIX + "reason";
    /** The queue the message came from, where a redrive sends it back. */
    public static final String SOURCE_QUEUE = PREFIX + "source-queue";
    /** Deliveries before it was dead-lettered. */
    public static final String ATTEMPTS = PREFIX + "attempts";
    public static final String ERROR_CLASS = PREFIX + "error-class";
    /** The error's message, cut short by the writer. */
    public static final String ERROR_MESSAGE = PREFIX + "error-message";
    /** The router's handler details: the route and the destination that refused the event. */
    public static final String ROUTE = PREFIX + "route";
    public static final String DESTINATION = PREFIX + "destination";

    private DeadLetters() {
    }
}
