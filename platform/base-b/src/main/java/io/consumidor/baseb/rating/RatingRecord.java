package io.consumidor.baseb.rating;

import io.consumidor.baseb.profile.Erasure;
import io.consumidor.baseb.profile.ProfileGroup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A stored rating, as {@code ratings} (current, {@code _id} = subject) and {@code ratingHistory} (one per
 * change, {@code _id} = subject|revision) hold it.
 *
 * @param revision          1 for the subject's first rating, +1 per change of outcome
 * @param ratedAt           when the rating was computed; in the history, the start of its validity (it holds
 *                          until the next revision's {@code ratedAt})
 * @param runDate           the day the rating is for (days overdue and bureau-query windows are counted to it)
 * @param runId             the job instance that wrote it
 * @param basis             the {@code sourceVersion} of each profile group the rating was computed from: tells a
 *                          rating of facts an erasure removed from one of facts that came after it
 * @param inputsFingerprint SHA-256 (hex, 16 bytes) of the model version and every characteristic's value
 */
public record RatingRecord(String subject, int score, String band, List<Reason> reasons, String modelVersion,
                           String inputsFingerprint, long revision, Instant ratedAt, LocalDate runDate, String runId,
                           Map<ProfileGroup, Long> basis) {

    public RatingRecord {
        reasons = List.copyOf(reasons);
        basis = Map.copyOf(basis);
    }

    /** @param missing true when the points were lost because the value is unknown */
    public record Reason(String code, String characteristic, String text, int pointsLost, boolean missing) {
    }

    /** Computed only from facts the erasure removed: it must go with them. */
    public boolean predates(Erasure erasure) {
        return basis.entrySet().stream().allMatch(e -> erasure.covers(e.getKey(), e.getValue(),
                java.time.Instant.EPOCH.plus(e.getValue(), java.time.temporal.ChronoUnit.MICROS)));
    }
}
