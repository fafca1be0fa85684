package io.consumidor.core.cpf;

/** A CPF that cannot be accepted; the message says why and never contains the input. */
public class InvalidCpfException extends IllegalArgumentException {

    public InvalidCpfException(String reason) {
        super(reason);
    }
}
