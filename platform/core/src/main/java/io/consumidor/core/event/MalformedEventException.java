package io.consumidor.core.event;

/** A message that is not a valid envelope; retrying cannot help, so it belongs in a dead-letter queue. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
