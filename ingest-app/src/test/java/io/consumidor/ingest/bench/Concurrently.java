package io.consumidor.ingest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same work on a number of threads at once and times it: the benchmark's load generator. */
final class Concurrently {

    /** Work of one thread; it takes items from a shared counter until there are none left. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Concurrently() {
    }

    /** Runs {@code body} on {@code threads} threads until all return; returns {@code items} per second of it. */
    static double perSecond(int items, int threads, Body body) throws Exception {
        long start = System.nanoTime();
        run(threads, body);
        return items / seconds(start);
    }

    static void run(int threads, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    body.run();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
