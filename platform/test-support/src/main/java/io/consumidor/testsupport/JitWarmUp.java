package io.consumidor.testsupport;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Benchmark warm-up: runs rounds of work until the JIT compiler has settled, so that what is measured next is
 * the steady state of a long-running service. On 2 cores, compiling Spring, the AWS SDK, Netty and the store
 * clients takes a large share of the CPU for over a minute of load (async-profiler: the C2 compiler thread
 * held 46 % of the samples of a cold 15,000-message router run).
 */
public final class JitWarmUp {

    /** Compilation time as a share of a round's wall time below which the JIT counts as settled. */
    public static final double SETTLED = 0.10;

    /** One round of warm-up work; returns a line saying what it did (printed with the round's JIT share). */
    @FunctionalInterface
    public interface Round {
        String run(int round) throws Exception;
    }

    private JitWarmUp() {
    }

    /**
     * Runs rounds until one spends less than {@link #SETTLED} of its time compiling, at most
     * {@code -Dbench.warmup.rounds} (default 20); returns the number of rounds run.
     */
    public static int untilSettled(String label, Round round) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int rounds = Integer.getInteger("bench.warmup.rounds", 20);
        for (int n = 1; n <= rounds; n++) {
            long compiling = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            String done = round.run(n);
            double share = (jit.getTotalCompilationTime() - compiling) / 1000.0 / ((System.nanoTime() - start) / 1e9);
            System.out.printf("%s: warm-up round %d, %s, JIT compiling %.0f %% of the time (not measured)%n", label, n, done, 100 * share);
            if (share < SETTLED) {
                return n;
            }
        }
        return rounds;
    }
}
