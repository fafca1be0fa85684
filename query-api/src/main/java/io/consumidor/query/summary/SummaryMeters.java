package io.consumidor.query.summary;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * The summary's meters, beside its audit line: {@code consumidor.query.lookups}, a timer per outcome (the audit
 * line's: answered, not-found, undecidable, not-recorded, busy, invalid, error), and {@code consumidor.query.sections},
 * a counter per section and status of the answered lookups — a store that is slow or down shows as a rising
 * {@code unavailable} of its sections before a caller complains. Tags are classes, never who asked or about whom.
 */
@Component
class SummaryMeters {

    static final String LOOKUPS = "consumidor.query.lookups";
    static final String SECTIONS = "consumidor.query.sections";

    private final MeterRegistry registry;

    SummaryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void lookup(String outcome, long nanos) {
        Timer.builder(LOOKUPS).description("summary lookups by outcome, from the request to its answer or refusal")
                .tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    void answered(ConsumerSummary summary) {
        section("rating", summary.rating());
        section("lastBureauQuery", summary.lastBureauQuery());
        section("lastCardPurchase", summary.lastCardPurchase());
        section("bureauQueries", summary.bureauQueries());
        section("movements", summary.movements());
    }

    private void section(String name, Section<?> section) {
        Counter.builder(SECTIONS).description("sections of answered summaries by status (unavailable: its store did not answer in time)")
                .tag("section", name).tag("status", section.status().name()).register(registry).increment();
    }
}
