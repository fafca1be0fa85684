package io.consumidor.jobs.mlexport.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data-quality profile of one column, built while rows stream by and mergeable across partitions: rows
 * and nulls; for numbers (money, counts, dates as epoch days, instants as epoch seconds) min, max and sum, and a
 * histogram on fixed log-scale bins; for strings and booleans the counts of the first {@value #MAX_VALUES}
 * distinct values (the rest as {@value #OTHER}). Fixed bins are what make two snapshots comparable (PSI) without
 * keeping either one's values.
 */
public final class ColumnProfile {

    static final int MAX_VALUES = 100;
    static final String OTHER = "__other__";

    private long rows;
    private long nulls;
    private Double min;
    private Double max;
    private double sum;
    private long numbers;
    private final Map<String, Long> bins = new TreeMap<>();
    /** Bin counts as values stream by (bin + {@link #OFFSET}), folded into {@link #bins} when read: no map per value. */
    private final long[] counting = new long[2 * OFFSET + 1];
    private static final int OFFSET = 128;
    private final Map<String, Long> values = new LinkedHashMap<>();

    public void add(Object value) {
        rows++;
        if (value == null) {
            nulls++;
            return;
        }
        if (value instanceof String || value instanceof Boolean) {
            String key = value.toString();
            if (values.containsKey(key) || values.size() < MAX_VALUES) {
                values.merge(key, 1L, Long::sum);
            } else {
                values.merge(OTHER, 1L, Long::sum);
            }
            return;
        }
        double x = numeric(value);
        min = min == null ? x : Math.min(min, x);
        max = max == null ? x : Math.max(max, x);
        sum += x;
        numbers++;
        int bin = bin(x);
        if (bin >= -OFFSET && bin <= OFFSET) { // not Math.abs: an infinite value's bin is Integer.MIN_VALUE
            counting[bin + OFFSET]++;
        } else {
            bins.merge(Integer.toString(bin), 1L, Long::sum);
        }
    }

    /** The bins with every count so far. */
    private Map<String, Long> bins() {
        for (int i = 0; i < counting.length; i++) {
            if (counting[i] > 0) {
                bins.merge(Integer.toString(i - OFFSET), counting[i], Long::sum);
                counting[i] = 0;
            }
        }
        return bins;
    }

    static double numeric(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof LocalDate d) {
            return d.toEpochDay();
        }
        if (value instanceof Instant i) {
            return i.getEpochSecond();
        }
        throw new IllegalArgumentException("no numeric view of " + value.getClass().getSimpleName());
    }

    /** 0 for zero, ±(1 + ⌊4·log10(|x| + 1)⌋) otherwise: four bins per decade, both signs. */
    static int bin(double x) {
        if (x == 0) {
            return 0;
        }
        int magnitude = 1 + (int) Math.floor(4 * Math.log10(Math.abs(x) + 1));
        return x < 0 ? -magnitude : magnitude;
    }

    public void merge(ColumnProfile other) {
        rows += other.rows;
        nulls += other.nulls;
        if (other.min != null) {
            min = min == null ? other.min : Math.min(min, other.min);
            max = max == null ? other.max : Math.max(max, other.max);
        }
        sum += other.sum;
        numbers += other.numbers;
        Map<String, Long> mine = bins();
        other.bins().forEach((k, v) -> mine.merge(k, v, Long::sum));
        other.values.forEach((k, v) -> {
            if (values.containsKey(k) || values.size() < MAX_VALUES) {
                values.merge(k, v, Long::sum);
            } else {
                values.merge(OTHER, v, Long::sum);
            }
        });
    }

    public long rows() {
        return rows;
    }

    public double nullRate() {
        return rows == 0 ? 0 : (double) nulls / rows;
    }

    public Double mean() {
        return numbers == 0 ? null : sum / numbers;
    }

    public double sum() {
        return sum;
    }

    /** The distribution PSI compares: histogram bins for numbers, values for the rest, and nulls as a bucket. */
    public Map<String, Long> distribution() {
        Map<String, Long> distribution = new TreeMap<>(values.isEmpty() ? bins() : values);
        if (nulls > 0) {
            distribution.put("null", nulls);
        }
        return distribution;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows", rows);
        map.put("nulls", nulls);
        map.put("nullRate", nullRate());
        if (numbers > 0) {
            map.put("min", min);
            map.put("max", max);
            map.put("mean", mean());
            map.put("sum", sum);
            map.put("bins", bins());
        }
        if (!values.isEmpty()) {
            map.put("topValues", top());
            map.put("values", values);
        }
        return map;
    }

    private Map<String, Long> top() {
        Map<String, Long> top = new LinkedHashMap<>();
        values.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    @SuppressWarnings("unchecked")
    public static ColumnProfile fromMap(Map<String, Object> map) {
        ColumnProfile profile = new ColumnProfile();
        profile.rows = ((Number) map.get("rows")).longValue();
        profile.nulls = ((Number) map.get("nulls")).longValue();
        if (map.containsKey("min")) {
            profile.min = ((Number) map.get("min")).doubleValue();
            profile.max = ((Number) map.get("max")).doubleValue();
            profile.sum = ((Number) map.get("sum")).doubleValue();
            ((Map<String, Object>) map.get("bins")).forEach((k, v) -> profile.bins.put(k, ((Number) v).longValue()));
            profile.numbers = profile.bins.values().stream().mapToLong(Long::longValue).sum();
        }
        if (map.containsKey("values")) {
            ((Map<String, Object>) map.get("values")).forEach((k, v) -> profile.values.put(k, ((Number) v).longValue()));
        }
        return profile;
    }
}
