package io.consumidor.baseb.profile;

import io.consumidor.core.event.EventType;

import java.time.Instant;

/**
 * The stamps of a subject's erasure, kept on its profile document so an event older than the erasure that
 * arrives after it is turned away (a fact of Base A by version, a fact of another producer by occurred-at).
 * Holds no fact about the consumer; removed by the router's tombstone expiry once no late event can arrive.
 */
public record Erasure(long sourceVersion, Instant occurredAt, Instant recordedAt) {

    /** Whether a fact of this group with these stamps predates the erasure (and so must not be kept). */
    public boolean covers(ProfileGroup group, long factSourceVersion, Instant factOccurredAt) {
        return group.origin() == EventType.Origin.BASE_A
                ? factSourceVersion <= sourceVersion
                : !factOccurredAt.isAfter(occurredAt);
    }

    public boolean covers(ProfileGroup group, Fact<?> fact) {
        return covers(group, fact.sourceVersion(), fact.occurredAt());
    }
}
