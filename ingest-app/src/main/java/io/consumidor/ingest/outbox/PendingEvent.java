package io.consumidor.ingest.outbox;

/** An outbox row claimed for sending. */
record PendingEvent(long id, String eventId, String destination, String subject, String eventType, long sourceVersion,
                    String envelope, int attempts) {
}
