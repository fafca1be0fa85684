package io.consumidor.jobs.mlexport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live set while watched: every {@code period} a full collection is forced and the heap in use right after it
 * recorded; the largest is what the work really held. Heap used after a young collection (what {@code LiveHeap}
 * reports) still counts the dead objects promoted to the old generation since the last full collection, which
 * grow with a run's length, not with what it holds — fine between runs of one length, misleading between a short
 * and a five-times-longer one.
 */
final class LiveSet {

    private final AtomicLong max = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "live-set");
        thread.setDaemon(true);
        return thread;
    });

    private LiveSet(long periodMillis) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        sampler.scheduleWithFixedDelay(() -> {
            System.gc();
            max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    static LiveSet watch(long periodMillis) {
        return new LiveSet(periodMillis);
    }

    /** Stops sampling; the largest live set seen, in bytes. */
    long stop() {
        sampler.shutdown();
        try {
            sampler.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return max.get();
    }
}
