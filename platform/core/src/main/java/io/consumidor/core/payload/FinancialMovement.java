package io.consumidor.core.payload;

import java.math.BigDecimal;

/** Payload of {@code financial.movement}: money in or out of the consumer's accounts. */
public record FinancialMovement(BigDecimal amount, String currency, Direction direction, Kind kind) {

    public FinancialMovement {
        java.util.Objects.requireNonNull(amount, "amount is required");
        java.util.Objects.requireNonNull(currency, "currency is required");
        java.util.Objects.requireNonNull(direction, "direction is required");
        java.util.Objects.requireNonNull(kind, "kind is required");
    }


    public enum Direction { IN, OUT }

    public enum Kind { PIX, TED, BOLETO, CARD, DEBIT, OTHER }

    public static final String AMOUNT = "amount";
    public static final String CURRENCY = "currency";
    public static final String DIRECTION = "direction";
    public static final String KIND = "kind";
}
