package io.consumidor.features.rows;

import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.time.Days;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The delinquency-history features of credit practice, as of T, from a subject's debt summaries known at T
 * (true and recorded by then): payment history is what bureau scorecards weigh most. Every value is a pure
 * function of the timeline and T; a subject with no debt summary known at T has none of them (null: no data
 * source, not "never late"), which {@link #historyMonths()} tells apart.
 *
 * <p>A <em>delinquency spell</em> is identified by the oldest unpaid due date: while that debt stays unpaid the
 * date stays, so "times 30+ days past due in 12 months" counts the distinct dates whose debt was 30 or more days
 * past due on some day of the window.
 */
public final class CreditHistory {

    private final DebtTimeline timeline;
    private final LocalDate snapshotDate;
    private final Instant asOf;

    public CreditHistory(DebtTimeline knownAtT, LocalDate snapshotDate, Instant asOf) {
        this.timeline = knownAtT;
        this.snapshotDate = snapshotDate;
        this.asOf = asOf;
    }

    public boolean known() {
        return !timeline.isEmpty();
    }

    private Instant monthsBefore(int months) {
        return Days.endOf(snapshotDate.minusMonths(months), timeline.zone());
    }

    /** Whole months from the first debt summary known at T to T; null when there is none. */
    public Integer historyMonths() {
        return known() ? months(timeline.day(timeline.intervals().get(0).from())) : null;
    }

    /** Delinquency spells that reached {@code days}+ days past due on a day of the last {@code months} months. */
    public Integer timesPastDue(int days, int months) {
        if (!known()) {
            return null;
        }
        Set<LocalDate> spells = new HashSet<>();
        for (DebtTimeline.Interval interval : timeline.within(monthsBefore(months), asOf)) {
            if (timeline.worstDaysPastDue(interval) >= days) {
                spells.add(interval.summary().oldestUnpaidDueDate());
            }
        }
        return spells.size();
    }

    /** The most days past due of any day of the last {@code months} months (0: never overdue in them). */
    public Integer worstDaysPastDue(int months) {
        if (!known()) {
            return null;
        }
        long worst = 0;
        for (DebtTimeline.Interval interval : timeline.within(monthsBefore(months), asOf)) {
            worst = Math.max(worst, timeline.worstDaysPastDue(interval));
        }
        return Math.toIntExact(worst);
    }

    /** Whole months from the last day {@code days}+ days past due to T (0: at T); null when never, as far as known. */
    public Integer monthsSincePastDue(int days) {
        LocalDate last = null;
        for (DebtTimeline.Interval interval : timeline.within(Instant.MIN.plusMillis(1), asOf)) {
            if (timeline.worstDaysPastDue(interval) >= days) {
                last = later(last, timeline.day(interval.until()));
            }
        }
        return last == null ? null : months(last);
    }

    /** Whole months from the last day a debt was in default to T (0: in default at T); null when never. */
    public Integer monthsSinceDefault() {
        LocalDate last = null;
        for (DebtTimeline.Interval interval : timeline.within(Instant.MIN.plusMillis(1), asOf)) {
            if (interval.summary().defaultedCount() > 0) {
                last = later(last, timeline.day(interval.until()));
            }
        }
        return last == null ? null : months(last);
    }

    /**
     * Debts registered in the last {@code months} months: the registered count at T less the count in force then
     * (none in force: none registered yet). Null without history, or when a summary predates the count.
     */
    public Integer registered(int months) {
        DebtSummary now = timeline.at(asOf);
        if (now == null || now.registeredCount() == null) {
            return null;
        }
        DebtSummary then = timeline.at(monthsBefore(months));
        if (then == null) {
            return startsWithFirstDebt() ? now.registeredCount() : null;
        }
        return then.registeredCount() == null ? null : now.registeredCount() - then.registeredCount();
    }

    /**
     * Whether the history known at T begins with the consumer's first debt (its first summary counts at most one
     * debt registered): then nothing was in force before it. A history that begins with several debts already
     * registered was cut short — rebuilt by a replay, which records the current version now — and what happened
     * before its start is unknown, not nothing.
     */
    private boolean startsWithFirstDebt() {
        Integer first = timeline.isEmpty() ? null : timeline.intervals().get(0).summary().registeredCount();
        return first != null && first <= 1;
    }

    /** Renegotiated debts among the open ones at T. */
    public Integer renegotiatedAtT() {
        DebtSummary now = timeline.at(asOf);
        return now == null ? null : now.renegotiatedCount();
    }

    /** Renegotiations registered in the last {@code months} months; null when a summary of them lacks the count. */
    public Integer renegotiations(int months) {
        if (!known()) {
            return null;
        }
        Instant since = monthsBefore(months);
        List<DebtTimeline.Interval> all = timeline.intervals();
        if (all.get(0).from().isAfter(since) && !startsWithFirstDebt()) {
            return null; // the history starts inside the window, cut short: its first renegotiations may be older
        }
        int count = 0;
        for (int i = 0; i < all.size(); i++) {
            DebtTimeline.Interval interval = all.get(i);
            if (!interval.from().isAfter(since) || interval.from().isAfter(asOf)) {
                continue;
            }
            DebtSummary before = i == 0 ? null : all.get(i - 1).summary();
            if (interval.summary().renegotiatedCount() == null || (before != null && before.renegotiatedCount() == null)) {
                return null;
            }
            int previous = before == null ? 0 : before.renegotiatedCount();
            count += Math.max(0, interval.summary().renegotiatedCount() - previous);
        }
        return count;
    }

    /** Whole months from the first summary showing a debt to T (the credit file's age); null when none did. */
    public Integer fileAgeMonths() {
        for (DebtTimeline.Interval interval : timeline.intervals()) {
            DebtSummary s = interval.summary();
            if (s.unsettledCount() > 0 || (s.registeredCount() != null && s.registeredCount() > 0)) {
                return months(timeline.day(interval.from()));
            }
        }
        return null;
    }

    /** Unsettled total at T less the one {@code months} months before; null when the history does not reach back. */
    public BigDecimal balanceChange(int months) {
        DebtSummary now = timeline.at(asOf);
        DebtSummary then = timeline.at(monthsBefore(months));
        if (now == null || then == null) {
            return null;
        }
        return now.unsettledTotal().subtract(then.unsettledTotal()).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Unsettled total at T over a monthly income, to 4 decimals; null without a summary or a positive income. */
    public Double debtToIncome(BigDecimal monthlyIncome) {
        DebtSummary now = timeline.at(asOf);
        if (now == null || monthlyIncome == null || monthlyIncome.signum() <= 0) {
            return null;
        }
        return now.unsettledTotal().divide(monthlyIncome, 4, RoundingMode.HALF_EVEN).doubleValue();
    }

    private int months(LocalDate from) {
        return Math.max(0, (int) ChronoUnit.MONTHS.between(from, snapshotDate));
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
