package io.consumidor.router.routes;

import java.util.EnumSet;
import java.util.Set;

/** How a destination writes an event; each mode belongs to one sink. */
public enum WriteMode {
    /** MongoDB: write the event's facts of one profile group, guarded by the event's {@code sourceVersion}. */
    MERGE(EnumSet.of(Sink.MONGODB)),
    /** Elasticsearch: index the event under its event id (an append-only log; a redelivery rewrites the same document). */
    INDEX(EnumSet.of(Sink.ELASTICSEARCH)),
    /** Elasticsearch: one document per subject and event type, externally versioned by the event's {@code sourceVersion}. */
    LATEST(EnumSet.of(Sink.ELASTICSEARCH)),
    /** Both: forget the subject (LGPD erasure). */
    ERASE(EnumSet.of(Sink.MONGODB, Sink.ELASTICSEARCH));

    private final Set<Sink> sinks;

    WriteMode(Set<Sink> sinks) {
        this.sinks = sinks;
    }

    public boolean appliesTo(Sink sink) {
        return sinks.contains(sink);
    }
}
