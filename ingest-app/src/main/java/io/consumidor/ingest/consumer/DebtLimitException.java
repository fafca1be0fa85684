package io.consumidor.ingest.consumer;

/** A consumer holds the most debts Base A keeps for one person ({@code consumidor.ingest.max-debts-per-consumer}). */
public class DebtLimitException extends RuntimeException {

    private final int limit;

    public DebtLimitException(int limit) {
        super("This consumer already has the maximum of " + limit + " debts; settle or replace some before adding more.");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
