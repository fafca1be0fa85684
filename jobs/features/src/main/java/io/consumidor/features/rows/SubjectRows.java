package io.consumidor.features.rows;

import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.profile.MalformedProfileException;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.scorecard.ProfileFacts;
import io.consumidor.scorecard.Rating;
import io.consumidor.scorecard.Scorecard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One subject's way into a dataset as of T, from what the stores gave for it: outside the population (and why),
 * or its row — the credit history and the label from its debt summaries, the score as of T, the pseudonym. A
 * pure function of its inputs; reading the stores, erasure and counting are the caller's.
 */
public final class SubjectRows {

    /**
     * @param row            the row, or null when the subject is outside the population
     * @param exclusion      why it is outside (null when it has a row)
     * @param labelWatermark the newest recording time (epoch ms) among the facts the label read beyond the
     *                       features' view, or 0
     */
    public record Result(Object[] row, LabelRules.Exclusion exclusion, long labelWatermark) {
    }

    /**
     * A subject's features as of T without a label: what an online lookup answers and what the consistency check
     * recomputes offline. The row is in {@link Dataset#schema()} order with the key and label columns null.
     *
     * @param exclusion why the subject is outside the dataset's population at T (null: inside), so a lender knows
     *                  a model trained on the dataset never saw such a consumer
     */
    public record Features(Object[] row, LabelRules.Exclusion exclusion) {
    }

    private final Dataset dataset;
    private final LocalDate snapshotDate;
    private final Instant asOf;
    private final Instant observedUntil;
    private final Instant debtsUntil;
    private final LabelRules rules;
    private final RowAssembler rows;
    private final Pseudonyms pseudonyms;
    private final Scorecard scorecard;
    private final Integer coverageDays;

    /**
     * @param debtsUntil   how far the debt summaries given reach: T + h for a training set (the label), else T
     * @param coverageDays days Base C covers before T, or null when it held nothing
     */
    public SubjectRows(Dataset dataset, LocalDate snapshotDate, Instant asOf, Instant observedUntil, Instant debtsUntil, byte[] key,
                       Scorecard scorecard, Integer coverageDays) {
        this.dataset = dataset;
        this.snapshotDate = snapshotDate;
        this.asOf = asOf;
        this.observedUntil = observedUntil;
        this.debtsUntil = debtsUntil;
        this.rules = new LabelRules(dataset, snapshotDate, asOf, observedUntil);
        this.rows = new RowAssembler(dataset, snapshotDate, asOf);
        this.pseudonyms = new Pseudonyms(key, dataset.name());
        this.scorecard = scorecard;
        this.coverageDays = coverageDays;
    }

    /**
     * @param profile the profile as of T
     * @param debts   its debt-summary entries up to {@code debtsUntil} (any recording time: filtered here)
     * @param served  the rating in force at T, or null
     * @param events  its Base C measures ending at T
     */
    public Result of(Profile profile, List<HistoryEntry> debts, RatingRecord served, ActivitySummaries.Values events) {
        DebtTimeline knownAtT = DebtTimeline.of(debts, asOf, asOf, dataset.zone());
        LabelRules.Exclusion exclusion = rules.exclusion(knownAtT);
        if (exclusion != null) {
            return new Result(null, exclusion, 0);
        }
        LabelRules.Verdict verdict = null;
        long watermark = 0;
        if (dataset.labelled()) {
            verdict = rules.verdict(DebtTimeline.of(debts, debtsUntil, observedUntil, dataset.zone()));
            for (HistoryEntry entry : debts) {
                // the facts the label reads beyond the features' view: true after T, or true by T but recorded after it
                boolean beyondT = entry.fact().occurredAt().isAfter(asOf) || entry.fact().recordedAt().isAfter(asOf);
                if (beyondT && !entry.fact().recordedAt().isAfter(observedUntil)) {
                    watermark = Math.max(watermark, entry.fact().recordedAt().toEpochMilli());
                }
            }
        }
        if (dataset.labelled() && verdict == null) {
            throw new IllegalStateException("a training row needs its label");
        }
        Object[] row = rows.row(new RowAssembler.Inputs(pseudonyms.of(profile.subject()), profile, served, events,
                new CreditHistory(knownAtT, snapshotDate, asOf), score(profile, events), verdict, coverageDays));
        return new Result(row, null, watermark);
    }

    /**
     * The features of one subject as of T, inside the population or not, without the label or the pseudonym: one
     * feature definition, two execution paths — {@link #of} over the history for a dataset, this over whatever the
     * caller read (the latest state online, the history as of the lookup offline).
     *
     * @param debts its debt-summary entries true and recorded by T
     */
    public Features features(Profile profile, List<HistoryEntry> debts, RatingRecord served, ActivitySummaries.Values events) {
        DebtTimeline knownAtT = DebtTimeline.of(debts, asOf, asOf, dataset.zone());
        Object[] row = rows.row(new RowAssembler.Inputs(null, profile, served, events, new CreditHistory(knownAtT, snapshotDate, asOf),
                score(profile, events), null, coverageDays));
        return new Features(row, rules.exclusion(knownAtT));
    }

    /** Whole days Base C covers before T, from its oldest event known at T (null: it held none): the coverage of every window. */
    public static Integer coverageDays(Instant baseCFrom, Instant asOf) {
        return baseCFrom == null ? null : Math.toIntExact(java.time.Duration.between(baseCFrom, asOf).toDays());
    }

    /**
     * The current scorecard over the profile as known at T, with the rating job's own bureau-query window: the
     * number a model sees at training and at scoring alike. Null for a profile the scorecard refuses (a value
     * below every bin: data to fix at the source, which the rating job skips too).
     */
    private Rating score(Profile profile, ActivitySummaries.Values events) {
        if (!dataset.scoreAtT()) {
            return null;
        }
        try {
            return scorecard.score(ProfileFacts.from(profile, Math.toIntExact(events.count(Dataset.SCORE_QUERIES.name()))), snapshotDate);
        } catch (MalformedProfileException e) {
            return null;
        }
    }
}
