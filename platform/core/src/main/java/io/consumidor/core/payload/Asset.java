package io.consumidor.core.payload;

import java.math.BigDecimal;
import java.util.Objects;

/** A declared asset: its kind, its value in BRL and whether it is paid off. */
public record Asset(AssetKind kind, BigDecimal value, boolean paidOff) {

    public enum AssetKind { REAL_ESTATE, VEHICLE, INVESTMENT, OTHER }

    public Asset {
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(value, "value is required");
    }
}
