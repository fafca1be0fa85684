package io.consumidor.basec;

import io.consumidor.core.wire.Namespace;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BaseCIndicesTest {

    private final BaseCIndices indices = BaseCIndices.of(Namespace.of("t"));

    @Test
    void aWindowNamesEveryMonthItTouchesAndNoOther() {
        assertThat(indices.eventsBetween(Instant.parse("2026-09-03T10:00:00Z"), Instant.parse("2026-12-02T09:00:00Z")))
                .containsExactly(indices.eventsFor(Instant.parse("2026-09-01T00:00:00Z")), indices.eventsFor(Instant.parse("2026-10-01T00:00:00Z")),
                        indices.eventsFor(Instant.parse("2026-11-01T00:00:00Z")), indices.eventsFor(Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(indices.eventsBetween(Instant.parse("2025-12-31T23:59:59Z"), Instant.parse("2026-01-01T00:00:00Z")))
                .as("across a year, in UTC").hasSize(2);
        assertThat(indices.eventsBetween(Instant.parse("2026-05-10T00:00:00Z"), Instant.parse("2026-05-11T00:00:00Z"))).hasSize(1);
    }
}
