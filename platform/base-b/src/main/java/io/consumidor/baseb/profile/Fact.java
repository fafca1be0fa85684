package io.consumidor.baseb.profile;

import java.time.Instant;
import java.util.Objects;

/**
 * A fact of Base B with its stamps: what it says, its ordering stamp, when it became true and when Base B
 * learned it. The two times make Base B bitemporal: "what did we know about S as of T" takes the facts with
 * {@code occurredAt <= T} and {@code recordedAt <= T}.
 */
public record Fact<T>(T value, long sourceVersion, Instant occurredAt, Instant recordedAt, String eventId) {

    public Fact {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** True and known at {@code instant}. */
    public boolean knownAt(Instant instant) {
        return !occurredAt.isAfter(instant) && !recordedAt.isAfter(instant);
    }
}
