package io.consumidor.jobs.mlexport.features;

import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.core.payload.DebtSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/**
 * The label of a training row: did the consumer go bad in the performance window (T, T + h]? Bad means a
 * debt summary in force at some instant of the window shows a debt in default or the oldest unpaid debt 90 or
 * more days past due. The summaries in force are the subject's debt-summary facts ordered by when they became
 * true (then by version); the one in force at T carries into the window, so a consumer still bad after T counts
 * as bad. Outcomes are observed after T, so every fact that became true in the window counts whenever it was
 * recorded — that is the point of a label. Only what happened by {@code observedUntil} (the export's start) is
 * known: a window that has not closed yet and shows no bad is right-censored, not good.
 */
public final class Outcomes {

    /** Days past due from which a debt is bad. */
    public static final int BAD_DAYS_OVERDUE = 90;

    public enum Outcome { GOOD, BAD, CENSORED }

    private final Instant windowStart;
    private final Instant windowEnd;
    private final Instant observedUntil;
    private final ZoneId zone;

    /**
     * @param windowStart   T (exclusive)
     * @param windowEnd     T + h (inclusive)
     * @param observedUntil what is known: outcomes after it are not seen yet
     */
    public Outcomes(Instant windowStart, Instant windowEnd, Instant observedUntil, ZoneId zone) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.observedUntil = observedUntil;
        this.zone = zone;
    }

    /** @param debtSummaries the subject's debt-summary entries that became true by T + h */
    public Outcome of(List<HistoryEntry> debtSummaries) {
        Instant seenUntil = windowEnd.isBefore(observedUntil) ? windowEnd : observedUntil;
        List<HistoryEntry> timeline = debtSummaries.stream()
                .sorted(Comparator.comparing((HistoryEntry e) -> e.fact().occurredAt()).thenComparingLong(e -> e.fact().sourceVersion()))
                .toList();
        for (int i = 0; i < timeline.size(); i++) {
            Instant from = timeline.get(i).fact().occurredAt();
            Instant until = i + 1 < timeline.size() ? timeline.get(i + 1).fact().occurredAt().minusMillis(1) : seenUntil;
            if (until.isAfter(seenUntil)) {
                until = seenUntil;
            }
            boolean overlaps = until.isAfter(windowStart) && !from.isAfter(until);
            if (overlaps && bad((DebtSummary) timeline.get(i).fact().value(), LocalDate.ofInstant(until, zone))) {
                return Outcome.BAD;
            }
        }
        return windowEnd.isAfter(observedUntil) ? Outcome.CENSORED : Outcome.GOOD;
    }

    /** Bad by the last day the summary was in force within the window (days overdue only grow while it is). */
    private static boolean bad(DebtSummary summary, LocalDate lastDay) {
        return summary.defaultedCount() > 0 || summary.daysOverdueOn(lastDay) >= BAD_DAYS_OVERDUE;
    }
}
