package io.consumidor.core.payload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A declared source of income: its kind, the monthly amount in BRL and since when it is received. */
public record IncomeSource(IncomeKind kind, BigDecimal monthlyAmount, LocalDate since) {

    public enum IncomeKind { EMPLOYMENT, SELF_EMPLOYED, RETIREMENT, RENTAL, BENEFIT, OTHER }

    public IncomeSource {
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(monthlyAmount, "monthlyAmount is required");
    }
}
