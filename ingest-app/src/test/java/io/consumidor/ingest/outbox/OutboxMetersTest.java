package io.consumidor.ingest.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The backlog gauges: one read of the table for both, reused while fresh; NaN, not zero, while the database is away. */
class OutboxMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void bothGaugesShareOneReadOfTheTable() {
        AtomicInteger reads = new AtomicInteger();
        new OutboxMeters(new OutboxStore(null, null) {
            @Override
            Backlog backlog() {
                reads.incrementAndGet();
                return new Backlog(42, 7.5);
            }
        }).bindTo(registry);

        assertThat(registry.get("consumidor.outbox.pending").gauge().value()).isEqualTo(42);
        assertThat(registry.get("consumidor.outbox.oldest.age").gauge().value()).isEqualTo(7.5);
        assertThat(reads).as("one query for a scrape of both").hasValue(1);
    }

    @Test
    void theDatabaseAwayIsUnknownNotCaughtUp() {
        OutboxMeters meters = new OutboxMeters(new OutboxStore(null, null) {
            @Override
            Backlog backlog() {
                throw new CannotGetJdbcConnectionException("database away");
            }
        });
        meters.bindTo(registry);

        assertThat(meters.backlog()).as("read as unknown, not thrown at every scrape").isEmpty();
        assertThat(registry.get("consumidor.outbox.pending").gauge().value()).isNaN();
        assertThat(registry.get("consumidor.outbox.oldest.age").gauge().value()).isNaN();
    }
}
