package io.consumidor.query.web;

/** A field or parameter of a request is wrong (an event query's, a feature request's dataset): the 400 names it. */
public final class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
