package io.consumidor.core.payload;

import java.util.Objects;

/** Payload of {@code consumer.debt_summary}: a debt was added or settled in Base A. */
public record DebtSummaryChanged(DebtSummary debtSummary) {

    public DebtSummaryChanged {
        Objects.requireNonNull(debtSummary, "debtSummary is required");
    }
}
