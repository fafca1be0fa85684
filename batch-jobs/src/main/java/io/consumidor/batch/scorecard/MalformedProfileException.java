package io.consumidor.batch.scorecard;

/** A profile the scorecard cannot rate (a value outside every bin, a field of the wrong type): skipped, with this reason. */
public class MalformedProfileException extends RuntimeException {

    public MalformedProfileException(String reason) {
        super(reason);
    }
}
