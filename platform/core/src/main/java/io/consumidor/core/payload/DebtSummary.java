package io.consumidor.core.payload;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What Base B may know of a consumer's debts: facts true when Base A wrote them, never a judgement frozen at
 * that moment. How overdue the consumer is depends on the day one asks, so it is computed by the reader
 * ({@link #daysOverdueOn}) from the oldest unpaid due date, not stored.
 *
 * @param openCount           debts open or renegotiated (not defaulted, not settled)
 * @param openTotal           their total amount
 * @param defaultedCount      debts in default
 * @param defaultedTotal      their total amount
 * @param oldestUnpaidDueDate the earliest due date among the debts not settled (open, renegotiated or
 *                            defaulted); null when there is none
 */
public record DebtSummary(int openCount, BigDecimal openTotal, int defaultedCount, BigDecimal defaultedTotal,
                          LocalDate oldestUnpaidDueDate) {

    public static final DebtSummary NONE = new DebtSummary(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, null);

    public DebtSummary {
        Objects.requireNonNull(openTotal, "openTotal is required");
        Objects.requireNonNull(defaultedTotal, "defaultedTotal is required");
        if (openCount < 0 || defaultedCount < 0) {
            throw new IllegalArgumentException("debt counts must not be negative");
        }
    }

    /** Unsettled debts, defaulted ones included. */
    public int unsettledCount() {
        return openCount + defaultedCount;
    }

    /** Total owed on unsettled debts, defaulted ones included. */
    public BigDecimal unsettledTotal() {
        return openTotal.add(defaultedTotal);
    }

    /** Days the oldest unpaid debt is past its due date on {@code day}; 0 when nothing is overdue then. */
    public long daysOverdueOn(LocalDate day) {
        if (oldestUnpaidDueDate == null || !oldestUnpaidDueDate.isBefore(day)) {
            return 0;
        }
        return ChronoUnit.DAYS.between(oldestUnpaidDueDate, day);
    }
}
