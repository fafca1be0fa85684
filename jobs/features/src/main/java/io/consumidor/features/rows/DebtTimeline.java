package io.consumidor.features.rows;

import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.core.payload.DebtSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A subject's debt summaries as intervals of time, each summary in force from the instant it became true until
 * the next one did (or until the timeline's end): the one structure both the label (what happened after T) and
 * the credit-history features (what happened before it) are read from. Which facts enter is the caller's choice,
 * and the point of this class: the features take those true and recorded by T, the label those true by the
 * window's end and recorded by the observation cut-off — so re-running with the same cut-off reads the same facts.
 * Summaries are ordered by when they became true, then by Base A version.
 */
public final class DebtTimeline {

    /** @param until the last instant the summary was in force (inclusive) */
    public record Interval(Instant from, Instant until, DebtSummary summary) {
    }

    private final List<Interval> intervals;
    private final ZoneId zone;

    private DebtTimeline(List<Interval> intervals, ZoneId zone) {
        this.intervals = intervals;
        this.zone = zone;
    }

    /**
     * @param entries    the subject's debt-summary entries (any order; others are ignored by the caller)
     * @param end        the timeline's end (inclusive): facts true after it are left out, the last summary lasts until it
     * @param recordedBy facts Base B learned after it are left out
     */
    public static DebtTimeline of(List<HistoryEntry> entries, Instant end, Instant recordedBy, ZoneId zone) {
        List<HistoryEntry> kept = entries.stream()
                .filter(e -> !e.fact().occurredAt().isAfter(end) && !e.fact().recordedAt().isAfter(recordedBy))
                .sorted(Comparator.comparing((HistoryEntry e) -> e.fact().occurredAt()).thenComparingLong(e -> e.fact().sourceVersion()))
                .toList();
        List<Interval> intervals = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            Instant from = kept.get(i).fact().occurredAt();
            Instant until = i + 1 < kept.size() ? kept.get(i + 1).fact().occurredAt().minusMillis(1) : end;
            if (until.isBefore(from)) {
                continue; // two summaries true at the same instant: the later version is the one in force
            }
            intervals.add(new Interval(from, until, (DebtSummary) kept.get(i).fact().value()));
        }
        return new DebtTimeline(List.copyOf(intervals), zone);
    }

    public List<Interval> intervals() {
        return intervals;
    }

    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    public ZoneId zone() {
        return zone;
    }

    /** The summary in force at the instant, or null when none was (no debt registered yet, as far as these facts go). */
    public DebtSummary at(Instant instant) {
        for (Interval interval : intervals) {
            if (!interval.from().isAfter(instant) && !interval.until().isBefore(instant)) {
                return interval.summary();
            }
        }
        return null;
    }

    /** The intervals clipped to {@code (after, until]}, those that overlap it only. */
    public List<Interval> within(Instant after, Instant until) {
        List<Interval> clipped = new ArrayList<>();
        for (Interval interval : intervals) {
            Instant from = interval.from().isAfter(after) ? interval.from() : after.plusMillis(1);
            Instant to = interval.until().isBefore(until) ? interval.until() : until;
            if (!from.isAfter(to)) {
                clipped.add(new Interval(from, to, interval.summary()));
            }
        }
        return clipped;
    }

    /** The calendar day of an instant in the timeline's zone (days past due are counted per day). */
    public LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** Days past due on an interval's last day: the most it reached while in force, since they only grow while it is. */
    public long worstDaysPastDue(Interval interval) {
        return interval.summary().daysOverdueOn(day(interval.until()));
    }
}
