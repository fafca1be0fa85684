package io.consumidor.ingest.consumer;

/** No consumer under the given CPF (the CPF is deliberately not part of the message). */
public class ConsumerNotFoundException extends RuntimeException {

    public ConsumerNotFoundException() {
        super("consumer not found");
    }
}
