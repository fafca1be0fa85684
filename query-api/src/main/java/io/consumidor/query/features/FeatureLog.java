package io.consumidor.query.features;

import io.consumidor.features.dataset.Dataset;
import io.consumidor.parquet.FeatureLogBatches;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sampled lookups' feature vectors, buffered in memory and written in batches ({@link FeatureLogBatches}) every
 * {@code flush-interval} ({@link FeatureLogBatches}: a committed batch directory each), as soon as a dataset-day holds {@code batch-rows}, and at shutdown. Best effort by design,
 * unlike the lookup's bureau-query record: a log row is a measurement, and a lookup is never refused or slowed for
 * it. So the buffer is bounded ({@code max-buffered-rows}): past it, rows are dropped and counted
 * ({@code consumidor.features.log.rows{outcome=dropped}}); a batch S3 refuses goes back to the buffer for the next
 * flush. Rows of a replica that dies unflushed are lost, at most one flush interval of them: the report counts
 * what was logged, so a loss shows as fewer lookups, never as skew.
 */
class FeatureLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeatureLog.class);

    private record Day(Dataset dataset, LocalDate date) {
    }

    /** One dataset-day's rows and their count (a queue's own size() walks it: not on a lookup's thread). */
    private record Rows(Queue<Object[]> queue, AtomicInteger count) {
    }

    private final FeatureLogBatches writer;
    private final int batchRows;
    private final int maxBuffered;
    private final Map<Day, Rows> buffer = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean flushPending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private final AtomicInteger buffered = new AtomicInteger();
    private final ScheduledExecutorService flusher;
    private final Counter written;
    private final Counter dropped;
    private final Counter failedBatches;

    FeatureLog(FeatureLogBatches writer, Duration flushInterval, int batchRows, int maxBuffered, MeterRegistry meters) {
        this.writer = writer;
        this.batchRows = batchRows;
        this.maxBuffered = maxBuffered;
        this.written = Counter.builder("consumidor.features.log.rows").tag("outcome", "written").register(meters);
        this.dropped = Counter.builder("consumidor.features.log.rows").tag("outcome", "dropped").register(meters);
        this.failedBatches = Counter.builder("consumidor.features.log.failed.batches").register(meters);
        Gauge.builder("consumidor.features.log.buffered", buffered, AtomicInteger::get).register(meters);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "feature-log-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, flushInterval.toMillis(), flushInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one logged row (the log's columns, {@code FeatureLogs.schema}); never blocks, never throws. */
    void offer(Dataset dataset, LocalDate date, Object[] row) {
        if (closed || buffered.incrementAndGet() > maxBuffered) {
            if (!closed) {
                buffered.decrementAndGet();
            }
            dropped.increment();
            return;
        }
        Rows day = buffer.computeIfAbsent(new Day(dataset, date), d -> new Rows(new ConcurrentLinkedQueue<>(), new AtomicInteger()));
        day.queue().add(row);
        // a full batch is written at once, by one flush at a time whatever the number of lookups that fill it
        if (day.count().incrementAndGet() >= batchRows && flushPending.compareAndSet(false, true)) {
            try {
                flusher.execute(() -> {
                    flushPending.set(false);
                    flush();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushPending.set(false); // closing: the last flush takes it
            }
        }
    }

    /** Writes what is buffered, a batch per dataset-day of at most {@code batch-rows}; on the flusher's thread only. */
    synchronized void flush() {
        for (Map.Entry<Day, Rows> entry : buffer.entrySet()) {
            Queue<Object[]> queue = entry.getValue().queue();
            AtomicInteger count = entry.getValue().count();
            while (!queue.isEmpty()) {
                List<Object[]> rows = new ArrayList<>();
                Object[] row;
                while (rows.size() < batchRows && (row = queue.poll()) != null) {
                    rows.add(row);
                    count.decrementAndGet();
                }
                if (rows.isEmpty()) {
                    break;
                }
                try {
                    writer.write(entry.getKey().dataset(), entry.getKey().date(), rows);
                    buffered.addAndGet(-rows.size());
                    written.increment(rows.size());
                } catch (RuntimeException e) {
                    queue.addAll(rows); // the next flush tries again; the bound above keeps the buffer's memory
                    count.addAndGet(rows.size());
                    failedBatches.increment();
                    log.warn("feature log batch of {} row(s) of {} not written, kept for the next flush: {}", rows.size(),
                            entry.getKey().dataset().name(), e.getClass().getSimpleName() + ": " + e.getMessage());
                    return;
                }
            }
            if (entry.getKey().date().isBefore(LocalDate.now(entry.getKey().dataset().zone()).minusDays(1))) {
                buffer.remove(entry.getKey(), entry.getValue()); // no lookup is of that day any more: its queue stays empty
            }
        }
    }

    /** At shutdown: one last flush of what is buffered. */
    @Override
    public void close() {
        closed = true; // a lookup still answering now is counted as dropped, not lost in a closed buffer
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
