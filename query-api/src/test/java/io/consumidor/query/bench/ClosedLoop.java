package io.consumidor.query.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N closed-loop clients for a fixed time over random consumers, each call timed: what every query benchmark phase
 * runs (warm-up first, then the measured time). Prints the answers of every 10 s, so the warm-up's end (the JIT done)
 * can be seen, and a {@code RESULT <label> <req/s> <p50> <p99> <p99.9>} line the benchmark's parent reads.
 */
final class ClosedLoop {

    interface Call {
        void run(String[] consumer) throws Exception;
    }

    record Result(long[] latencies, long count, long errors, double seconds) {

        double percentile(double p) {
            return latencies.length == 0 ? Double.NaN : latencies[(int) Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] / 1e6;
        }
    }

    private final List<String[]> consumers;

    ClosedLoop(List<String[]> consumers) {
        this.consumers = consumers;
    }

    /** Warm-up, then the measured run; prints the phase's line and its RESULT line (label: the name's first word). */
    void phase(String name, int clients, int seconds, int warmUp, Call call) throws Exception {
        String label = name.split(" ")[0];
        run(label + " warm-up", clients, warmUp, call); // the JIT (slow on 2 busy cores), connections, the stores' caches
        Result result = run(label, clients, seconds, call);
        System.out.printf("%-46s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms  (%d requests, %d errors, %d clients, %d s)%n",
                name, result.count / result.seconds, result.percentile(0.50), result.percentile(0.99), result.percentile(0.999),
                result.count, result.errors, clients, seconds);
        System.out.println("RESULT " + label + " " + (long) (result.count / result.seconds) + " " + result.percentile(0.50) + " "
                + result.percentile(0.99) + " " + result.percentile(0.999));
    }

    Result run(String label, int clients, int seconds, Call call) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<long[]> perClient = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[200_000];
            perClient.add(latencies);
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < end && counts[client] < latencies.length) {
                        String[] consumer = consumers.get(ThreadLocalRandom.current().nextInt(consumers.size()));
                        long t0 = System.nanoTime();
                        try {
                            call.run(consumer);
                            latencies[counts[client]++] = System.nanoTime() - t0;
                            answered.incrementAndGet();
                        } catch (Exception e) {
                            if (errors.incrementAndGet() == 1) {
                                System.err.println("first error: " + e.getMessage());
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        for (int tick = 1; !done.await(10, TimeUnit.SECONDS); tick++) {
            System.out.printf("  %s %3d s: %5.0f req/s over the last 10 s, %d errors so far%n", label, tick * 10, answered.getAndSet(0) / 10.0, errors.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(all, total, errors.get(), elapsed);
    }
}
