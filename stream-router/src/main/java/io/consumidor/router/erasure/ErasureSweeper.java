package io.consumidor.router.erasure;

import io.consumidor.baseb.profile.ProfileStore;
import io.consumidor.router.RouterProperties;
import io.consumidor.router.elasticsearch.BaseCErasure;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The two things erasure leaves to be done later, every {@code interval}:
 * <ol>
 *   <li>Elasticsearch: an activity event older than a subject's erasure can arrive after it — redelivered after
 *       a failed write, or simply slower through the activity queue than the erasure — and be indexed again.
 *       Checking every write against the erasures would cost a request per batch on the hot path; instead the
 *       sweep deletes the documents of subjects erased within {@code window} that are not newer than their
 *       erasure (markers in the {@code erasures} index). Late copies live at most one interval.</li>
 *   <li>Expiry: erasures older than {@code window} can no longer meet a late event (SQS keeps a message 14 days
 *       at most), so their last traces go — the fact-free tombstone in Base B's {@code profiles} (or the stamp on
 *       a subject registered again) and the marker in Base C's {@code erasures}.</li>
 * </ol>
 * Idempotent, so every router replica may run it.
 */
public final class ErasureSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ErasureSweeper.class);

    private final BaseCErasure events;
    private final ProfileStore profiles;
    private final RouterProperties.ErasureSweep properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public ErasureSweeper(BaseCErasure events, ProfileStore profiles, RouterProperties.ErasureSweep properties,
                          MeterRegistry meters, Clock clock) {
        this.events = events;
        this.profiles = profiles;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** What one sweep did: late Elasticsearch documents deleted, expired traces removed from B and C. */
    public record Sweep(long lateDocuments, long expiredTombstones, long expiredMarkers) {
    }

    /** One sweep. */
    public Sweep sweep() {
        Instant horizon = clock.instant().minus(properties.window());
        try {
            long late = events.sweepErased(horizon);
            long markers = events.expireMarkers(horizon);
            long tombstones = profiles.expireErasures(horizon);
            meters.counter("router.erasure.swept").increment(late);
            meters.counter("router.erasure.expired").increment(markers + tombstones);
            if (late + markers + tombstones > 0) {
                log.info("erasure sweep: deleted {} late documents of erased subjects; expired {} tombstones and {} markers",
                        late, tombstones, markers);
            }
            return new Sweep(late, tombstones, markers);
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
                // A store away, say: the next sweep covers the same window.
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
