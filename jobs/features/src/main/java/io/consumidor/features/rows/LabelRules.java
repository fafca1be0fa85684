package io.consumidor.features.rows;

import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.time.Days;
import io.consumidor.features.dataset.Dataset;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Who is in a training set's population at T and what its label is — the rules of {@code population:} and
 * {@code label:} in {@code datasets.yml}, as pure functions of a subject's debt timelines.
 *
 * <ul>
 *   <li><b>Bad</b> on a day: a debt in default for at least the materiality amount, or the oldest unpaid debt
 *       {@code bad-days-past-due} or more days past due with at least the materiality amount due on that date;
 *       with {@code renegotiation: bad}, also a renegotiation registered in the window (a distressed
 *       restructuring, as Basel's default definition counts it); with {@code cures}, a renegotiated debt counts by
 *       its own due date like any other.</li>
 *   <li><b>Population</b>: a debt unsettled at T (or, with {@code exposure-within-months: N}, at some instant
 *       of the N months up to T), and not bad at T — a consumer already bad when the decision is made is no
 *       decision to learn. Both read the summaries known at T, as the features do.</li>
 *   <li><b>Label</b>: bad at some day of the performance window (T, T + h], the summary in force at T carrying
 *       into it, read from the facts true by the window's end and recorded by the observation cut-off — a fact
 *       recorded later does not change a label already exported with that cut-off. A window that, with the
 *       maturity buffer for late reports, has not closed by the cut-off is {@code open}: no label.</li>
 * </ul>
 */
public final class LabelRules {

    public static final String FINAL = "final";
    public static final String OPEN = "open";

    /** Why a subject known at T is not in the population. */
    public enum Exclusion { NO_EXPOSURE, BAD_AT_OBSERVATION }

    /**
     * @param bad            1 or 0 when final, null when open
     * @param status         {@link #FINAL} or {@link #OPEN}
     * @param monthsObserved whole months of the window observed by the cut-off
     */
    public record Verdict(Integer bad, String status, int monthsObserved) {
    }

    private final Dataset.Label label;
    private final Dataset.Population population;
    private final LocalDate snapshotDate;
    private final Instant asOf;
    private final Instant windowEnd;
    private final Instant observedUntil;
    private final boolean mature;
    private final int monthsObserved;

    public LabelRules(Dataset dataset, LocalDate snapshotDate, Instant observedUntil) {
        this(dataset, snapshotDate, Days.endOf(snapshotDate, dataset.zone()), observedUntil);
    }

    /**
     * @param asOf T, when it is not the snapshot date's last instant (an online lookup, a scoring set exported at an
     *             instant): who is exposed or bad is judged at T itself
     */
    public LabelRules(Dataset dataset, LocalDate snapshotDate, Instant asOf, Instant observedUntil) {
        this.label = dataset.label();
        this.population = dataset.population();
        this.snapshotDate = snapshotDate;
        this.asOf = asOf;
        this.observedUntil = observedUntil;
        if (label == null) { // a scoring set: the population rules only
            this.windowEnd = asOf;
            this.mature = true;
            this.monthsObserved = 0;
            return;
        }
        this.windowEnd = windowEnd(dataset, snapshotDate);
        this.mature = !maturesAt(dataset, snapshotDate).isAfter(observedUntil);
        // whole months m with T's date + m months on or before the last day seen (month ends clamp: Jan 31 + 1 = Feb 28)
        LocalDate seen = LocalDate.ofInstant(windowEnd.isBefore(observedUntil) ? windowEnd : observedUntil, dataset.zone());
        int months = 0;
        while (months < label.horizonMonths() && !snapshotDate.plusMonths(months + 1L).isAfter(seen)) {
            months++;
        }
        this.monthsObserved = months;
    }

    /** T + h: the performance window's last instant. */
    public static Instant windowEnd(Dataset dataset, LocalDate snapshotDate) {
        return Days.endOf(snapshotDate.plusMonths(dataset.label().horizonMonths()), dataset.zone());
    }

    /** The instant from which the label is final: the window's end plus the maturity buffer. */
    public static Instant maturesAt(Dataset dataset, LocalDate snapshotDate) {
        return Days.endOf(snapshotDate.plusMonths(dataset.label().horizonMonths()).plusDays(dataset.label().maturityBufferDays()),
                dataset.zone());
    }

    /** The first day an export of the snapshot with the default cut-off (its start) gives final labels. */
    public static LocalDate firstMatureDay(Dataset dataset, LocalDate snapshotDate) {
        return snapshotDate.plusMonths(dataset.label().horizonMonths()).plusDays(dataset.label().maturityBufferDays() + 1L);
    }

    /** The newest snapshot date whose label is final by the instant (what a training export of "now" can take). */
    public static LocalDate latestMatureSnapshot(Dataset dataset, Instant observedUntil) {
        LocalDate day = LocalDate.ofInstant(observedUntil, dataset.zone()).minusDays(dataset.label().maturityBufferDays())
                .minusMonths(dataset.label().horizonMonths());
        while (maturesAt(dataset, day).isAfter(observedUntil)) {
            day = day.minusDays(1);
        }
        return day;
    }

    public boolean mature() {
        return mature;
    }

    public int monthsObserved() {
        return monthsObserved;
    }

    /** @param knownAtT the summaries true and recorded by T; null when the subject is in */
    public Exclusion exclusion(DebtTimeline knownAtT) {
        if (population == null) {
            return null;
        }
        DebtSummary atT = knownAtT.at(asOf);
        if (!exposed(knownAtT, atT)) {
            return Exclusion.NO_EXPOSURE;
        }
        if (population.excludeBadAtObservation() && atT != null && bad(atT, knownAtT.day(asOf))) {
            return Exclusion.BAD_AT_OBSERVATION;
        }
        return null;
    }

    private boolean exposed(DebtTimeline knownAtT, DebtSummary atT) {
        if (population.exposureWithinMonths() == 0) {
            return atT != null && atT.unsettledCount() > 0;
        }
        Instant since = Days.endOf(snapshotDate.minusMonths(population.exposureWithinMonths()), knownAtT.zone());
        return knownAtT.within(since, asOf).stream().anyMatch(i -> i.summary().unsettledCount() > 0);
    }

    /** @param observed the summaries true by the window's end and recorded by the cut-off */
    public Verdict verdict(DebtTimeline observed) {
        if (!mature) {
            return new Verdict(null, OPEN, monthsObserved);
        }
        return new Verdict(badInWindow(observed) ? 1 : 0, FINAL, monthsObserved);
    }

    private boolean badInWindow(DebtTimeline observed) {
        for (DebtTimeline.Interval interval : observed.within(asOf, windowEnd)) {
            if (bad(interval.summary(), observed.day(interval.until()))) {
                return true;
            }
        }
        if (label.renegotiation() == Dataset.Renegotiation.BAD) {
            List<DebtTimeline.Interval> all = observed.intervals();
            for (int i = 0; i < all.size(); i++) {
                Instant from = all.get(i).from();
                if (from.isAfter(asOf) && !from.isAfter(windowEnd) && renegotiated(i == 0 ? null : all.get(i - 1).summary(), all.get(i).summary())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A renegotiation registered between two summaries; unknown (an older fact without the count) is not one. */
    static boolean renegotiated(DebtSummary before, DebtSummary after) {
        if (after.renegotiatedCount() == null) {
            return false;
        }
        if (before == null) {
            return after.renegotiatedCount() > 0;
        }
        return before.renegotiatedCount() != null && after.renegotiatedCount() > before.renegotiatedCount();
    }

    /** Bad on {@code day} by the summary in force then (materiality applied). */
    public boolean bad(DebtSummary summary, LocalDate day) {
        BigDecimal materiality = label == null ? BigDecimal.ZERO : label.materiality();
        int badDays = label == null ? Dataset.Label.DEFAULT_BAD_DAYS_PAST_DUE : label.badDaysPastDue();
        if (summary.defaultedCount() > 0 && summary.defaultedTotal().compareTo(materiality) >= 0) {
            return true;
        }
        BigDecimal overdue = summary.oldestUnpaidAmount() != null ? summary.oldestUnpaidAmount() : summary.unsettledTotal();
        return summary.daysOverdueOn(day) >= badDays && overdue.compareTo(materiality) >= 0;
    }
}
