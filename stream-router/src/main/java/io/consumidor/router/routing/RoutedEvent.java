package io.consumidor.router.routing;

import io.consumidor.core.event.EventEnvelope;

/**
 * One parsed message of a batch: its position (to report failures back to the binder) and its envelope.
 * Stale writes are guarded by the envelope's {@code sourceVersion}, the pipeline's one ordering stamp.
 */
public record RoutedEvent(int index, EventEnvelope envelope) {

    public long sourceVersion() {
        return envelope.sourceVersion();
    }

    public String subject() {
        return envelope.subject().value();
    }
}
