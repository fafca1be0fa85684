package io.consumidor.ingest.intake;

import java.util.List;

/** What the intake kept (durably, in the outbox) and what it refused, item by item. */
public record IntakeResult(int accepted, List<String> acceptedEventIds, List<Rejection> rejected) {

    /** Why the item at {@code index} of the batch was refused; {@code forbidden} when the token may not send its type. */
    public record Rejection(int index, List<String> errors, boolean forbidden) {
    }
}
