package io.consumidor.query.load;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code max-concurrent-reads} requests read the stores at once; the others wait their turn in arrival
 * order for up to {@code read-queue-wait}, then get a 503 with {@code Retry-After} ({@link BusyException}).
 *
 * <p>Why: a request whose section limit expires has its answer thrown away, but Elasticsearch still does the work
 * (the client stops waiting, the search runs on). Unbounded, fifty clients on two cores pushed thousands of store
 * reads past their 250 ms limit, and the stores' work on them went into answers nobody got. Waiting here instead, before
 * any store is asked, keeps the stores' latency under the limits and spends their capacity on answers; the
 * section limits are left for what they are for, a store that is slow or down. The permit is taken after the
 * token check (Spring Security runs first), so unauthenticated traffic never takes a turn.
 */
public class ReadLimiter {

    private final int max;
    private final Semaphore permits;
    private final long waitNanos;

    public ReadLimiter(int max, Duration wait) {
        this.max = max;
        this.permits = new Semaphore(max, true); // fair: the longest waiting request goes next
        this.waitNanos = wait.toNanos();
    }

    public <T> T call(Supplier<T> read) {
        try {
            if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        try {
            return read.get();
        } finally {
            permits.release();
        }
    }

    /** How many requests are reading the stores now. */
    int reading() {
        return max - permits.availablePermits();
    }
}
