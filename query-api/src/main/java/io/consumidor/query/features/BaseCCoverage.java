package io.consumidor.query.features;

import io.consumidor.basec.ActivitySummaries;
import io.consumidor.query.QueryProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Base C's oldest event (any consumer): how far back its windows have a source, the coverage every windowed
 * Base C feature is checked against ({@code base_c_coverage_days}). One value for the whole store that moves only
 * when older events are back-filled or removed, so it is read at most once per {@code features.coverage-ttl}
 * (1 minute) instead of on every lookup — an aggregation over the whole store per lookup would cost more than the
 * lookup. A back-fill of older events shows online within that time; the consistency report would show it as a
 * mismatch of {@code base_c_coverage_days} in that minute.
 */
@Component
class BaseCCoverage {

    private record Cached(Optional<Instant> oldest, long readAtNanos) {
    }

    private final ActivitySummaries activity;
    private final long ttlNanos;
    private volatile Cached cached;

    BaseCCoverage(ActivitySummaries activity, QueryProperties properties) {
        this.activity = activity;
        this.ttlNanos = properties.features().coverageTtl().toNanos();
    }

    /**
     * The oldest occurrence Base C has indexed (empty: none). When Base C does not answer a refresh, the value read
     * before stands (it hardly moves); with none read yet, the failure is the caller's: Base C is unavailable.
     */
    Optional<Instant> oldest(Instant now) {
        Cached current = cached;
        if (current == null || System.nanoTime() - current.readAtNanos() > ttlNanos) {
            try {
                current = new Cached(Optional.ofNullable(activity.oldestOccurrence(now)), System.nanoTime());
                cached = current;
            } catch (RuntimeException e) {
                if (current == null) {
                    throw e;
                }
            }
        }
        return current.oldest();
    }
}
