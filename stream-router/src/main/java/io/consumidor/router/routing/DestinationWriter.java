package io.consumidor.router.routing;

import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.Sink;

import java.util.List;
import java.util.Map;

/** Writes a batch's events to one destination and says which of them failed. */
public interface DestinationWriter {

    Sink sink();

    /**
     * Writes the events (idempotently: a redelivered event must leave the store as one delivery would) and
     * returns the failures by message index; an event missing from the map was written, or was older than
     * what the store holds and deliberately left out.
     */
    Map<Integer, WriteFailure> write(Destination destination, List<RoutedEvent> events);

    /**
     * @param reason    stable code for the dead letter ({@code mapping-rejected}, {@code store-unavailable}, …)
     * @param retryable whether a later attempt could succeed
     */
    record WriteFailure(String reason, Throwable cause, boolean retryable) {
    }
}
