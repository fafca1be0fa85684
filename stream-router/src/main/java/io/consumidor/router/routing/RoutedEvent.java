package io.consumidor.router.routing;

import io.consumidor.core.event.EventEnvelope;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One parsed message of a batch: its position (to report failures back to the binder) and its envelope.
 * {@link #sequence()} is the guard against stale writes: occurred-at in microseconds, which orders one
 * subject's events however SQS delivers them.
 */
public record RoutedEvent(int index, EventEnvelope envelope) {

    public long sequence() {
        Instant at = envelope.occurredAt();
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    public String subject() {
        return envelope.subject().value();
    }
}
