package io.consumidor.core.wire;

/**
 * SQS message attributes set on every event the outbox relays. They repeat envelope fields so a queue can
 * be inspected, filtered and dead-lettered without parsing bodies; the body stays the source of truth.
 */
public final class MessageAttributes {

    /** The envelope's {@code eventId}. */
    public static final String EVENT_ID = "eventId";
    /** The envelope's {@code type}. */
    public static final String EVENT_TYPE = "eventType";
    /** The envelope's {@code subject} (a pseudonym, never a CPF). */
    public static final String SUBJECT = "subject";
    /** The envelope's {@code sourceVersion}, the ordering stamp (Number). */
    public static final String SOURCE_VERSION = io.consumidor.core.event.EventEnvelope.SOURCE_VERSION;

    private MessageAttributes() {
    }
}
