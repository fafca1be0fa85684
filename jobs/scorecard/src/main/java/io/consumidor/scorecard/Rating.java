package io.consumidor.scorecard;

import java.util.List;

/**
 * A consumer's rating: what the scorecard concluded and why.
 *
 * @param score             0–1000, higher is better
 * @param band              the named score range
 * @param reasons           the characteristics that cost the most points, worst first
 * @param modelVersion      the scorecard that produced it
 * @param inputsFingerprint SHA-256 (hex, first 16 bytes) of the model version and every characteristic's
 *                          value: equal fingerprints mean the same inputs, without storing them twice;
 *                          null from {@link Scorecard#score}, which stores nothing
 */
public record Rating(int score, String band, List<Reason> reasons, String modelVersion, String inputsFingerprint) {

    public Rating {
        reasons = List.copyOf(reasons);
    }

    /**
     * @param code       stable code of the characteristic, e.g. {@code R07}
     * @param text       the sentence for the consumer
     * @param pointsLost points below the characteristic's best bin
     * @param missing    true when the cost comes from the value being unknown
     */
    public record Reason(String code, String characteristic, String text, int pointsLost, boolean missing) {
    }

    /** Same conclusion (score, band, reasons, model)? The history records only changes of this. */
    public boolean sameOutcomeAs(Rating other) {
        return other != null && score == other.score && band.equals(other.band) && reasons.equals(other.reasons)
                && modelVersion.equals(other.modelVersion);
    }
}
