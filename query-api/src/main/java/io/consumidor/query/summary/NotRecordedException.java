package io.consumidor.query.summary;

/** The lookup could not be recorded on the activity feed: it must not be answered. */
public final class NotRecordedException extends RuntimeException {

    NotRecordedException(Throwable cause) {
        super("the lookup could not be recorded on the activity feed", cause);
    }
}
