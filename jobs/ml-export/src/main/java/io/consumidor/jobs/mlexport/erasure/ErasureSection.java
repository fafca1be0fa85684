package io.consumidor.jobs.mlexport.erasure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest's {@value #KEY} section, written by the export's commit and by the sweep's rewrite: every subject
 * erased up to {@code honouredThrough} is absent from the run, and one erased later leaves it within
 * {@code deadline} — {@link ErasureSweepLaunch#JOB} rewrites the run as a new run of the same snapshot and
 * withdraws this one. A rewritten run also says which run it replaces and how many rows left.
 */
public final class ErasureSection {

    public static final String KEY = "erasure";
    public static final String HONOURED_THROUGH = "honouredThrough";
    public static final String DEADLINE = "deadline";
    public static final String REWRITTEN_FROM = "rewrittenFrom";
    public static final String REMOVED_ROWS = "removedRows";
    public static final String REWRITTEN_AT = "rewrittenAt";
    /** The sidecar's field: a check found none of the newer ledger entries in the run, so nothing was rewritten. */
    public static final String CHECKED_THROUGH = "checkedThrough";

    private ErasureSection() {
    }

    public static Map<String, Object> fresh(String honouredThrough, Duration deadline) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put(HONOURED_THROUGH, honouredThrough);
        section.put(DEADLINE, deadline.toString());
        section.put("policy", "subjects erased after " + HONOURED_THROUGH + " are removed within the " + DEADLINE + " by "
                + ErasureSweepLaunch.JOB + ": the run is rewritten as a new run of the same snapshot (" + KEY + "." + REWRITTEN_FROM
                + ") and this one is withdrawn");
        return section;
    }

    static Map<String, Object> rewritten(Instant honouredThrough, Duration deadline, String from, long removedRows, Instant at) {
        Map<String, Object> section = fresh(honouredThrough.toString(), deadline);
        section.put(REWRITTEN_FROM, from);
        section.put(REMOVED_ROWS, removedRows);
        section.put(REWRITTEN_AT, at.toString());
        return section;
    }
}
