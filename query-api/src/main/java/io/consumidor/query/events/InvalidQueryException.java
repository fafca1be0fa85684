package io.consumidor.query.events;

/** A parameter of the event query is wrong: the 400 names it. */
public final class InvalidQueryException extends RuntimeException {

    private final String field;

    InvalidQueryException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
