package io.consumidor.jobs.mlexport.consistency;

import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingsAsOf;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.core.event.EventType;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.scorecard.Scorecard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The offline path for one consumer at one instant T: what the export reads for a row as of T — the profile and
 * the debt summaries from Base B's history (true and recorded by T), the rating in force at T from the rating
 * history, the Base C measures over events that happened and were indexed by T, Base C's coverage at T — through
 * the same {@link SubjectRows}. Read by the subject's index, one consumer at a time, since the logged lookups are a
 * sample, not a range.
 */
final class OfflineFeatures {

    private final MongoDatabase database;
    private final ProfileHistory history;
    private final ActivitySummaries activity;
    private final Scorecard scorecard;

    OfflineFeatures(MongoDatabase database, ActivitySummaries activity, Scorecard scorecard) {
        this.database = database;
        this.history = new ProfileHistory(database);
        this.activity = activity;
        this.scorecard = scorecard;
    }

    /** The subject's events that happened by t but reached Base C after it: neither path counts them as of t. */
    long arrivedAfter(String subject, Instant t) {
        return activity.arrivedAfter(subject, t);
    }

    /**
     * The features as of {@code t}, counting only Base C events indexed by {@code recordedBy} (at most t); empty when
     * Base B knew nothing of the subject at t.
     */
    Optional<SubjectRows.Features> at(Dataset dataset, byte[] key, String subject, Instant t, Instant recordedBy) {
        Optional<ProfileHistory.SubjectHistory> known = history.subject(subject, t, ProfileGroup.DEBT_SUMMARY, t, t);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        ActivitySummaries.Values events = activity.summarize(List.of(subject), dataset.measures(),
                        dataset.daysSinceLastCardPurchase() ? List.of(EventType.CARD_PURCHASE) : List.of(), t, recordedBy)
                .getOrDefault(subject, ActivitySummaries.Values.NONE);
        Integer coverage = SubjectRows.coverageDays(activity.oldestOccurrence(t), t);
        SubjectRows rows = new SubjectRows(dataset, LocalDate.ofInstant(t, dataset.zone()), t, t, t, key, scorecard, coverage);
        return Optional.of(rows.features(known.get().profile(), known.get().entries(), RatingsAsOf.of(database, subject, t), events));
    }
}
