package io.consumidor.baseb.profile;

/**
 * Field names of a Base B profile document besides its groups ({@link ProfileGroup}), and of the stamps every
 * fact carries. A profile document:
 * <pre>
 * { _id: &lt;subject&gt;,
 *   profile:       { birthYear, region, assets: [...], incomeSources: [...],      &lt;stamps&gt; },
 *   debtSummary:   { openCount, openTotal, defaultedCount, defaultedTotal, oldestUnpaidDueDate, &lt;stamps&gt; },
 *   reportedFacts: { monthlyIncome, incomeSourceCount, realEstateCount, vehicleCount, asOf, &lt;stamps&gt; },
 *   erasure:       { sourceVersion, occurredAt, recordedAt },   // after an erasure: turns late older events away
 *   updatedAt }
 * &lt;stamps&gt; = sourceVersion, occurredAt, recordedAt, eventId
 * </pre>
 * A document with no group is an erasure tombstone: it holds no fact, only the erasure's stamps.
 */
public final class ProfileFields {

    /** When the document last changed (the rating job's incremental watermark reads it). */
    public static final String UPDATED_AT = "updatedAt";
    /** The stamps of the erasure that emptied the document, if any. */
    public static final String ERASURE = "erasure";

    /** Stamp: the event's ordering stamp ({@code EventEnvelope.sourceVersion}). */
    public static final String SOURCE_VERSION = io.consumidor.core.event.EventEnvelope.SOURCE_VERSION;
    /** Stamp: when the fact became true (the event's occurred-at). */
    public static final String OCCURRED_AT = "occurredAt";
    /** Stamp: when Base B learned it (first written by the router). */
    public static final String RECORDED_AT = "recordedAt";
    /** Stamp: the event that carried it. */
    public static final String EVENT_ID = "eventId";

    private ProfileFields() {
    }
}
