package io.consumidor.query.load;

/** Every store-reading turn stayed taken for the whole queue wait: the caller should come back shortly. */
public class BusyException extends RuntimeException {

    public BusyException() {
        super("The query API is at its limit of concurrent lookups; try again shortly.");
    }
}
