package io.consumidor.jobs.mlexport.consistency;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How one logged (online) value compares with the value the offline path computes for the same consumer at the same
 * instant. Pure, so every class can be checked by hand.
 *
 * <ul>
 *   <li>{@link Outcome#MATCH}: equal (both null included; money by value, not scale);</li>
 *   <li>{@link Outcome#MISMATCH}: both present and different;</li>
 *   <li>{@link Outcome#MISSING}: the offline value is present, the online one null (online missed something);</li>
 *   <li>{@link Outcome#EXTRA}: the online value is present, the offline one null (online saw what offline did not);</li>
 *   <li>{@link Outcome#UNAVAILABLE}: the online answer said its store did not answer for it — not compared;</li>
 *   <li>{@link Outcome#INDEXING_LAG}: different, but equal to the offline value without the Base C events indexed in
 *       the last moments before the lookup — indexed, not yet searchable when the lookup ran: a difference the design
 *       accepts (Base C's search refresh), named apart from skew.</li>
 * </ul>
 */
final class FeatureComparison {

    enum Outcome {
        MATCH, MISMATCH, MISSING, EXTRA, UNAVAILABLE, INDEXING_LAG;

        /** Counted as skew: a difference the design does not explain. */
        boolean skew() {
            return this == MISMATCH || this == MISSING || this == EXTRA;
        }

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private FeatureComparison() {
    }

    /**
     * @param online      the logged value
     * @param offline     the offline value as of the lookup, every event indexed by then counted
     * @param lagged      the offline value without the events indexed in the lag before the lookup (null when the
     *                    column does not read Base C: then there is no such class)
     * @param readsBaseC  whether the column reads Base C
     * @param unavailable whether the online answer marked the column unavailable
     */
    static Outcome compare(Object online, Object offline, Object lagged, boolean readsBaseC, boolean unavailable) {
        if (unavailable) {
            return Outcome.UNAVAILABLE;
        }
        if (same(online, offline)) {
            return Outcome.MATCH;
        }
        if (readsBaseC && same(online, lagged)) {
            return Outcome.INDEXING_LAG;
        }
        if (online == null) {
            return Outcome.MISSING;
        }
        return offline == null ? Outcome.EXTRA : Outcome.MISMATCH;
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Number x && b instanceof Number y && !(a instanceof Double) && !(b instanceof Double)) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }
}
