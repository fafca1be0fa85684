package io.consumidor.router.elasticsearch;

import io.consumidor.router.RouterProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the gap erasure leaves in Elasticsearch: an activity event older than a subject's erasure can
 * arrive after it — redelivered after a failed write, or simply slower through the activity queue than the
 * erasure — and be indexed again. Checking every write against the erasures would cost a request per batch
 * on the hot path; instead, every {@code interval} this deletes the documents of subjects erased within
 * {@code window} that are not newer than their erasure (markers in the {@code erasures} index). Late copies
 * therefore live at most one interval. Idempotent, so every router replica may run it.
 */
public final class ErasureSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ErasureSweeper.class);

    private final EventIndexWriter writer;
    private final RouterProperties.ErasureSweep properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public ErasureSweeper(EventIndexWriter writer, RouterProperties.ErasureSweep properties, MeterRegistry meters, Clock clock) {
        this.writer = writer;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** One sweep; returns the number of documents deleted. */
    public long sweep() {
        try {
            long deleted = writer.sweepErased(clock.instant().minus(properties.window()));
            meters.counter("router.erasure.swept").increment(deleted);
            if (deleted > 0) {
                log.info("erasure sweep: deleted {} late documents of erased subjects", deleted);
            }
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "erasure-sweep");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.interval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                // Elasticsearch away, say: the next sweep covers the same window.
                log.warn("erasure sweep failed, will retry in {}: {}", properties.interval(), e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
