package io.consumidor.basec;

/** Field names of a Base C event document (in {@code events-*} and {@code latest}). */
public final class EventFields {

    public static final String EVENT_ID = "eventId";
    public static final String TYPE = "type";
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String SUBJECT = "subject";
    /** When the event happened (the envelope's occurred-at). */
    public static final String OCCURRED_AT = "occurredAt";
    /** When Base C first indexed it: with {@code occurredAt}, what "known as of T" means for Base C. */
    public static final String RECORDED_AT = "recordedAt";
    /** The event's payload object, as its type's contract defines it ({@code io.consumidor.core.payload}). */
    public static final String PAYLOAD = "payload";

    private EventFields() {
    }

    /** {@code payload.<field>}, for queries on a payload field. */
    public static String payload(String field) {
        return PAYLOAD + "." + field;
    }
}
