package io.consumidor.baseb.profile;

/**
 * A Base B document that does not follow the contract (a field of the wrong type, a required field missing),
 * or facts no rating can be computed from. The message names the field, never a value.
 */
public class MalformedProfileException extends RuntimeException {

    public MalformedProfileException(String reason) {
        super(reason);
    }
}
