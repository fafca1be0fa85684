package io.consumidor.query.features;

import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.parquet.FeatureLogBatches;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookup log's buffer, without S3 (the writer is replaced; {@code FeaturesIT} writes real batches): batches of at
 * most {@code batch-rows} per dataset-day, a refused batch kept for the next flush, rows past the bound dropped and
 * counted — a lookup never waits for it.
 */
class FeatureLogTest {

    private static final Dataset DATASET = Datasets.shipped().find("credit-scoring").orElseThrow();
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    /** Records the batches it is given; refuses them while {@code failing}. */
    private static final class Writer extends FeatureLogBatches {

        final List<List<Object[]>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        boolean failing;

        Writer() {
            super(null, "bucket", "prefix", Clock.systemUTC());
        }

        @Override
        public String write(Dataset dataset, LocalDate date, List<Object[]> rows) {
            if (failing) {
                throw new IllegalStateException("S3 refuses");
            }
            batches.add(List.copyOf(rows));
            return "batch";
        }
    }

    private static Object[] row(int i) {
        return new Object[] {"p" + i};
    }

    @Test
    void aFlushWritesBatchesOfAtMostBatchRows() {
        Writer writer = new Writer();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (FeatureLog log = new FeatureLog(writer, Duration.ofHours(1), 3, 100, meters)) {
            for (int i = 0; i < 7; i++) {
                log.offer(DATASET, DAY, row(i));
            }
            await(() -> writer.batches.stream().mapToInt(List::size).sum() >= 6); // full batches go at once, without a flush interval
            log.flush();
            assertThat(writer.batches).extracting(List::size).allMatch(n -> n <= 3);
            assertThat(writer.batches.stream().mapToInt(List::size).sum()).isEqualTo(7);
            assertThat(meters.counter("consumidor.features.log.rows", "outcome", "written").count()).isEqualTo(7);
            assertThat(meters.get("consumidor.features.log.buffered").gauge().value()).isZero();
        }
    }

    @Test
    void aRefusedBatchIsKeptForTheNextFlushAndNothingIsLost() {
        Writer writer = new Writer();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (FeatureLog log = new FeatureLog(writer, Duration.ofHours(1), 10, 100, meters)) {
            writer.failing = true;
            log.offer(DATASET, DAY, row(1));
            log.offer(DATASET, DAY, row(2));
            log.flush();
            assertThat(writer.batches).isEmpty();
            assertThat(meters.counter("consumidor.features.log.failed.batches").count()).isEqualTo(1);
            assertThat(meters.get("consumidor.features.log.buffered").gauge().value()).isEqualTo(2);
            writer.failing = false;
            log.flush();
            assertThat(writer.batches).hasSize(1);
            assertThat(writer.batches.get(0)).extracting(r -> r[0]).containsExactlyInAnyOrder("p1", "p2");
        }
    }

    @Test
    void pastTheBoundRowsAreDroppedAndCountedNotHeld() {
        Writer writer = new Writer();
        writer.failing = true;
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (FeatureLog log = new FeatureLog(writer, Duration.ofHours(1), 1000, 5, meters)) {
            for (int i = 0; i < 8; i++) {
                log.offer(DATASET, DAY, row(i));
            }
            assertThat(meters.get("consumidor.features.log.buffered").gauge().value()).isEqualTo(5);
            assertThat(meters.counter("consumidor.features.log.rows", "outcome", "dropped").count()).isEqualTo(3);
            writer.failing = false;
        }
        assertThat(writer.batches).as("closing flushes what is held").hasSize(1);
        assertThat(writer.batches.get(0)).hasSize(5);
    }

    @Test
    void aRowOfferedAfterCloseIsCountedDroppedNotThrown() {
        Writer writer = new Writer();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FeatureLog log = new FeatureLog(writer, Duration.ofHours(1), 1, 100, meters);
        log.close();
        log.offer(DATASET, DAY, row(1));
        assertThat(meters.counter("consumidor.features.log.rows", "outcome", "dropped").count()).isEqualTo(1);
        assertThat(writer.batches).isEmpty();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
