package io.consumidor.ingest.outbox;

/**
 * The two outgoing feeds. Events name a feed, not a queue: the queue behind each feed is configuration
 * ({@code consumidor.ingest.outbox.profile-queue} / {@code activity-queue}), resolved when the event is stored.
 */
public enum Feed {
    /** Base B: profile facts, debt summary, erasure. */
    PROFILE,
    /** Base C: bureau queries, card purchases, financial movements, erasure. */
    ACTIVITY
}
