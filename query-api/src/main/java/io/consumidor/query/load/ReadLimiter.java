package io.consumidor.query.load;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * At most {@code max-concurrent-reads} requests read the stores at once; the others wait their turn in arrival
 * order for up to {@code read-queue-wait}, then get a 503 with {@code Retry-After} ({@link BusyException}). Fair
 * between clients: one client (the token's {@code azp}, else {@code sub}) holds or waits for at most
 * {@code max-concurrent-reads-per-client} of those turns, so a client that floods the API queues behind itself
 * and another client's request still finds a turn within its wait.
 *
 * <p>Why: a request whose section limit expires has its answer thrown away, but Elasticsearch still does the work
 * (the client stops waiting, the search runs on). Unbounded, fifty clients on two cores pushed thousands of store
 * reads past their 250 ms limit, and the stores' work on them went into answers nobody got. Waiting here instead, before
 * any store is asked, keeps the stores' latency under the limits and spends their capacity on answers; the
 * section limits are left for what they are for, a store that is slow or down. The permit is taken after the
 * token check (Spring Security runs first), so unauthenticated traffic never takes a turn.
 *
 * <p>Meters (bound by Boot as a {@link MeterBinder}): {@code consumidor.query.reads.active}, the requests reading now,
 * and {@code consumidor.query.reads.refused}, the 503s given after the wait — the signal to add replicas.
 */
public class ReadLimiter implements MeterBinder {

    private final int max;
    private final int perClient;
    private final Semaphore permits;
    /** Clients are authenticated lenders' systems (the token was verified before this runs): a few, so kept. */
    private final ConcurrentHashMap<String, Semaphore> clients = new ConcurrentHashMap<>();
    private final long waitNanos;
    private final LongAdder refused = new LongAdder();

    public ReadLimiter(int max, int perClient, Duration wait) {
        if (perClient < 1 || perClient > max) {
            throw new IllegalArgumentException("max-concurrent-reads-per-client must be between 1 and max-concurrent-reads (" + max + ")");
        }
        this.max = max;
        this.perClient = perClient;
        this.permits = new Semaphore(max, true); // fair: the longest waiting request goes next
        this.waitNanos = wait.toNanos();
    }

    /** Runs the read in a turn of {@code client}'s share, waiting at most {@code read-queue-wait} in all. */
    public <T> T call(String client, Supplier<T> read) {
        long deadline = System.nanoTime() + waitNanos;
        Semaphore share = clients.computeIfAbsent(client, c -> new Semaphore(perClient, true));
        acquire(share, deadline);
        try {
            acquire(permits, deadline);
            try {
                return read.get();
            } finally {
                permits.release();
            }
        } finally {
            share.release();
        }
    }

    private void acquire(Semaphore semaphore, long deadline) {
        try {
            if (!semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                refused.increment();
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused.increment();
            throw new BusyException();
        }
    }

    /** How many requests are reading the stores now. */
    int reading() {
        return max - permits.availablePermits();
    }

    /** How many requests were refused after waiting for a turn. */
    long refused() {
        return refused.sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("consumidor.query.reads.active", this, ReadLimiter::reading)
                .description("requests reading the stores now (at most max-concurrent-reads)").register(registry);
        FunctionCounter.builder("consumidor.query.reads.refused", this, ReadLimiter::refused)
                .description("requests refused with 503 after waiting read-queue-wait for a turn").register(registry);
    }
}
