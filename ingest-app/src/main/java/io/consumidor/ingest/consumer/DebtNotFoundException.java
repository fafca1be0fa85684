package io.consumidor.ingest.consumer;

/** No unsettled debt with the given id belongs to the named consumer. */
public class DebtNotFoundException extends RuntimeException {

    public DebtNotFoundException() {
        super("debt not found");
    }
}
