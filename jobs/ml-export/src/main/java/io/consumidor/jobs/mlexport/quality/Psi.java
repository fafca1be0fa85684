package io.consumidor.jobs.mlexport.quality;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Population stability index of a column between two snapshots: Σ (a − e) · ln(a / e) over the buckets of
 * {@link ColumnProfile#distribution()}, with empty buckets floored at {@value #FLOOR} so a bucket new in one
 * snapshot counts heavily instead of infinitely. The usual reading: below 0.1 stable, 0.1–0.25 a shift worth a
 * look, above {@value #WARN} a population that changed.
 */
public final class Psi {

    public static final double WARN = 0.25;
    static final double FLOOR = 1e-4;

    private Psi() {
    }

    public static double of(Map<String, Long> expected, Map<String, Long> actual) {
        double e = expected.values().stream().mapToLong(Long::longValue).sum();
        double a = actual.values().stream().mapToLong(Long::longValue).sum();
        if (e == 0 || a == 0) {
            return 0;
        }
        Set<String> buckets = new HashSet<>(expected.keySet());
        buckets.addAll(actual.keySet());
        double psi = 0;
        for (String bucket : buckets) {
            double pe = Math.max(FLOOR, expected.getOrDefault(bucket, 0L) / e);
            double pa = Math.max(FLOOR, actual.getOrDefault(bucket, 0L) / a);
            psi += (pa - pe) * Math.log(pa / pe);
        }
        return psi;
    }
}
