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
 * @param oldestUnpaidAmount  the total of the unsettled debts due on that date (what is overdue longest, for a
 *                            materiality threshold); null when there is none, or in a summary written before it existed
 * @param renegotiatedCount   of the open debts, those renegotiated; null in a summary written before it existed
 * @param registeredCount     every debt Base A ever held for the consumer, settled ones included (so the debts
 *                            registered between two summaries are the difference); null in a summary written before it existed
 */
public record DebtSummary(int openCount, BigDecimal openTotal, int defaultedCount, BigDecimal defaultedTotal,
                          LocalDate oldestUnpaidDueDate, BigDecimal oldestUnpaidAmount, Integer renegotiatedCount,
                          Integer registeredCount) {

    public static final DebtSummary NONE = new DebtSummary(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, null, null, 0, 0);

    public DebtSummary {
        Objects.requireNonNull(openTotal, "openTotal is required");
        Objects.requireNonNull(defaultedTotal, "defaultedTotal is required");
        if (openCount < 0 || defaultedCount < 0) {
            throw new IllegalArgumentException("debt counts must not be negative");
        }
        if ((renegotiatedCount != null && (renegotiatedCount < 0 || renegotiatedCount > openCount))
                || (registeredCount != null && registeredCount < openCount + defaultedCount)) {
            throw new IllegalArgumentException("renegotiated debts must be among the open ones, and every unsettled debt registered");
        }
    }

    /** A summary of the first contract's fields only (the later ones unknown), as older producers wrote it. */
    public DebtSummary(int openCount, BigDecimal openTotal, int defaultedCount, BigDecimal defaultedTotal, LocalDate oldestUnpaidDueDate) {
        this(openCount, openTotal, defaultedCount, defaultedTotal, oldestUnpaidDueDate, null, null, null);
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
