package io.consumidor.ingest.queue;

import io.consumidor.ingest.audit.AuditEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The worker's meters, the audit log's figures without the people: {@code consumidor.base-a.queue.requests}, a timer of
 * handled requests from receipt to settlement, tagged with the audit entry's {@code route} (the request kind),
 * {@code status} (410: the requester's reply queue was gone) and {@code outcome}; and
 * {@code consumidor.base-a.queue.redeliveries}, requests that arrived again after they were answered (dropped, answered
 * once); and {@code consumidor.base-a.queue.replays}, requests refused because their token had been used for another
 * request already. Tags are classes, never a principal, a request id or a consumer.
 */
final class QueueMeters {

    static final String REQUESTS = "consumidor.base-a.queue.requests";
    static final String REDELIVERIES = "consumidor.base-a.queue.redeliveries";
    static final String REPLAYS = "consumidor.base-a.queue.replays";

    private final MeterRegistry registry;
    private final Counter redeliveries;
    private final Counter replays;

    QueueMeters(MeterRegistry registry) {
        this.registry = registry;
        this.redeliveries = Counter.builder(REDELIVERIES).description("requests redelivered after they were answered, dropped")
                .register(registry);
        this.replays = Counter.builder(REPLAYS).description("requests refused: their token was used for another request already")
                .register(registry);
    }

    void handled(AuditEntry entry, long nanos) {
        Timer.builder(REQUESTS).description("Base A requests handled over SQS, receipt to settlement")
                .tag("route", entry.route()).tag("status", Integer.toString(entry.status())).tag("outcome", entry.outcome())
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    void redelivered() {
        redeliveries.increment();
    }

    void replayed() {
        replays.increment();
    }
}
