package io.consumidor.ingest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** One timed phase of closed-loop requesters: every requester loops for the duration; round trips per second and latency percentiles. */
record TimedPhase(String name, double perSecond, double p50, double p99) {

    /** Runs {@code warmUp} seconds unmeasured (the JIT, the queues' and pools' steady state), then {@code seconds} measured. */
    static TimedPhase run(String name, int requesters, int warmUp, int seconds, IntConsumer roundTrip) throws Exception {
        if (warmUp > 0) {
            measure(name + " (warm-up)", requesters, warmUp, roundTrip);
        }
        return measure(name, requesters, seconds, roundTrip);
    }

    private static TimedPhase measure(String name, int requesters, int seconds, IntConsumer roundTrip) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger nextRequester = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        Concurrently.run(requesters, () -> {
            int requester = nextRequester.getAndIncrement();
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                try {
                    roundTrip.accept(requester);
                    latencies.add((System.nanoTime() - t0) / 1e6);
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
            }
        });
        double elapsed = Concurrently.seconds(start);
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (errors.get() > 0) {
            System.out.printf("warning: %s: %d round trips failed%n", name, errors.get());
        }
        TimedPhase phase = sorted.isEmpty() ? new TimedPhase(name, 0, 0, 0)
                : new TimedPhase(name, sorted.size() / elapsed, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)));
        System.out.printf("  %-46s %6.0f/s  p50 %.1f ms  p99 %.1f ms%n", name, phase.perSecond(), phase.p50(), phase.p99());
        return phase;
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
