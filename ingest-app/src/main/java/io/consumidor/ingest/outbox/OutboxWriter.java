package io.consumidor.ingest.outbox;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.subject.Subject;
import io.consumidor.core.wire.Feed;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores derived events in the caller's transaction, so an event exists exactly when the change it
 * describes was committed. A relay publishes them to SQS later, however long SQS is away.
 */
@Component
public class OutboxWriter {

    private final JdbcClient jdbc;
    private final OutboxProperties properties;
    private final EventCodec codec = new EventCodec();

    public OutboxWriter(JdbcClient jdbc, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(Feed feed, EventEnvelope event) {
        jdbc.sql("INSERT INTO base_a.outbox " + OutboxRow.COLUMNS + " VALUES (" + OutboxRow.PLACEHOLDERS + ")")
                .params(row(feed, event).params())
                .update();
    }

    /** Like {@link #append}, but an event whose id is already stored is left alone; true when stored now. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean appendIfAbsent(Feed feed, EventEnvelope event, String producer) {
        return jdbc.sql("INSERT INTO base_a.outbox " + OutboxRow.COLUMNS + " VALUES (" + OutboxRow.PLACEHOLDERS
                        + ") ON CONFLICT (event_id) DO NOTHING")
                .params(row(feed, event, producer).params())
                .update() == 1;
    }

    /**
     * Forgets every row of {@code subject}, sent or not (an erasure): what its envelopes say — facts, lookups and who
     * made them — goes with the consumer. Returns how many rows went.
     */
    public int forget(Subject subject) {
        return jdbc.sql("DELETE FROM base_a.outbox WHERE subject = ?").param(subject.value()).update();
    }

    /** The row {@link #append} would store, for a statement that writes it itself. */
    public OutboxRow row(Feed feed, EventEnvelope event) {
        return row(feed, event, null);
    }

    private OutboxRow row(Feed feed, EventEnvelope event, String producer) {
        return new OutboxRow(event.eventId(), properties.queueOf(feed), event.subject().value(), event.type(),
                event.sourceVersion(), codec.write(event), producer);
    }

    public EventCodec codec() {
        return codec;
    }
}
