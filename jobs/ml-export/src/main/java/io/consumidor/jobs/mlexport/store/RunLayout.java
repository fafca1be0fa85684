package io.consumidor.jobs.mlexport.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a run's objects are: {@code <prefix>/<dataset>/snapshot_date=YYYY-MM-DD/run=<id>/} holding
 * {@code part-NNNNN.parquet}, then {@code _manifest.json} and {@code _profile.json}, then {@code _SUCCESS}, written last.
 * Hive-style {@code key=value} directories, so DuckDB, Spark and Athena see {@code snapshot_date} and {@code run}
 * as partition columns.
 */
public record RunLayout(String prefix, String dataset, LocalDate snapshotDate, String runId) {

    public static final String MANIFEST = "_manifest.json";
    public static final String PROFILE = "_profile.json";
    public static final String SUCCESS = "_SUCCESS";
    /** What the erasure sweep last checked a run against, when that did not need a rewrite. */
    public static final String ERASURE = "_erasure.json";
    /** A run a model was trained on: retention never removes it (an erasure still rewrites it, and the pin moves along). */
    public static final String PINNED = "_PINNED";
    /** A run id starts with its first start in UTC; the erasure sweep's rewrites add {@value #REWRITE_MARK} before their instance. */
    public static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    public static final String REWRITE_MARK = "-e";
    /**
     * A run taken at an instant ({@code asOf}) adds this before its instance: a point-in-time run, not the snapshot's
     * official one — readers' {@code _LATEST.json}, the "newest complete run" of a snapshot, its retention and the
     * shrink check all pass it over.
     */
    public static final String AS_OF_MARK = "-t";

    /** When the run with this id first started (to the second). */
    public static Instant startOf(String runId) {
        return Instant.from(RUN_TIME.parse(runId.substring(0, 16)));
    }

    public static String datasetPrefix(String prefix, String dataset) {
        return prefix + "/" + dataset + "/";
    }

    public static String snapshotPrefix(String prefix, String dataset, LocalDate snapshotDate) {
        return datasetPrefix(prefix, dataset) + "snapshot_date=" + snapshotDate + "/";
    }

    public String runPrefix() {
        return snapshotPrefix(prefix, dataset, snapshotDate) + "run=" + runId + "/";
    }

    public String part(int index) {
        return runPrefix() + "part-%05d.parquet".formatted(index);
    }

    public String manifest() {
        return runPrefix() + MANIFEST;
    }

    public String profile() {
        return runPrefix() + PROFILE;
    }

    public String erasure() {
        return runPrefix() + ERASURE;
    }

    public String pinned() {
        return runPrefix() + PINNED;
    }

    public String success() {
        return runPrefix() + SUCCESS;
    }
}
