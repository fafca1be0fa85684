package io.consumidor.configerrors;

/** A configuration that would run, but unsafely (development mode against remote stores, say): the start is refused. */
public class UnsafeConfigurationException extends RuntimeException {

    private final String action;

    public UnsafeConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
