package io.consumidor.ingest.outbox;

import java.util.UUID;

/**
 * One outbox row, as every statement that writes one binds it. The column list and its placeholders live here
 * once, so a statement that records an event as part of a larger one (see
 * {@code ConsumerRepository.findRecording}) cannot drift from {@link OutboxWriter}'s own inserts.
 */
public record OutboxRow(UUID eventId, String destination, String subject, String eventType, long sourceVersion,
                        String envelope, String producer) {

    /** The columns, in the order of {@link #PLACEHOLDERS} and {@link #params()}. */
    public static final String COLUMNS = "(event_id, destination, subject, event_type, source_version, envelope, producer)";

    /** One placeholder per column; the envelope is stored as jsonb. */
    public static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?::jsonb, ?";

    public Object[] params() {
        return new Object[] {eventId, destination, subject, eventType, sourceVersion, envelope, producer};
    }
}
