package io.consumidor.baseaqueue;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a request asks Base A for. */
public enum RequestKind {
    /** The consumer by CPF, as {@code GET /consumers/{cpf}} answers it (with every debt). */
    CONSUMER("consumer"),
    /** One page of a consumer's debts. */
    DEBTS("debts");

    private final String wire;

    RequestKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
