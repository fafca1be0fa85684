package io.consumidor.ingest.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The outbox's lag for operators: {@code consumidor.outbox.pending}, the events written with their change but not yet
 * accepted by SQS, and {@code consumidor.outbox.oldest.age}, the seconds since the oldest of them was written — how far
 * Base B and Base C are behind Base A. Read from the table when scraped, one query for both at most every
 * {@link #REFRESH_NANOS two seconds} (an index-only count over the pending rows, {@code outbox_claim_idx}); NaN while
 * the database is away, so an alert on the age sees "unknown", not "caught up".
 */
@Component
class OutboxMeters implements MeterBinder {

    private static final long REFRESH_NANOS = 2_000_000_000L;

    private final OutboxStore store;
    private volatile Reading last;

    OutboxMeters(OutboxStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "consumidor.outbox.pending", "outbox events not yet accepted by SQS", "events", OutboxStore.Backlog::pending);
        gauge(registry, "consumidor.outbox.oldest.age", "seconds since the oldest event not yet accepted by SQS was written", "seconds",
                OutboxStore.Backlog::oldestAgeSeconds);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<OutboxStore.Backlog> value) {
        Gauge.builder(name, this, meters -> meters.backlog().map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).baseUnit(unit).register(registry);
    }

    /** The last reading if fresh, else a new one (empty while the database is away); two scrapes at once may both read, which is harmless. */
    Optional<OutboxStore.Backlog> backlog() {
        Reading reading = last;
        long now = System.nanoTime();
        if (reading == null || now - reading.at() > REFRESH_NANOS) {
            Optional<OutboxStore.Backlog> backlog;
            try {
                backlog = Optional.of(store.backlog());
            } catch (DataAccessException e) {
                backlog = Optional.empty();
            }
            reading = new Reading(now, backlog);
            last = reading;
        }
        return reading.backlog();
    }

    private record Reading(long at, Optional<OutboxStore.Backlog> backlog) {
    }
}
