package io.consumidor.jobs.mlexport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live set while watched: every {@code period} a full collection is forced and the heap in use right after it
 * recorded; the largest is what the work really held. Heap used after a young collection (what {@code LiveHeap}
 * reports) still counts the dead objects promoted to the old generation since the last full collection, which
 * grow with a run's length, not with what it holds — fine between runs of one length, misleading between a short
 * and a five-times-longer one.
 */
final class LiveSet implements AutoCloseable {

    private final AtomicLong max = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private LiveSet(long periodMillis) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        sampler = new Thread(() -> {
            while (running) {
                System.gc();
                max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live-set");
        sampler.setDaemon(true);
        sampler.start();
    }

    static LiveSet watch(long periodMillis) {
        return new LiveSet(periodMillis);
    }

    /** The largest live set seen, in bytes. */
    long stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return max.get();
    }

    @Override
    public void close() {
        stop();
    }
}
