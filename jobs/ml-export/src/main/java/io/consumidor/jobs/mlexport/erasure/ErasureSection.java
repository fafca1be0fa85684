package io.consumidor.jobs.mlexport.erasure;

import java.time.Duration;
import java.time.Instant;
import io.consumidor.jobs.mlexport.store.Manifest;

/**
 * The manifest's {@value #KEY} section, written by the export's commit and by the sweep's rewrite: every subject
 * erased up to {@code honouredThrough} is absent from the run, and one erased later leaves it within
 * {@code deadline} — {@link ErasureSweepLaunch#JOB} rewrites the run as a new run of the same snapshot and
 * withdraws this one. A rewritten run also says which run it replaces and how many rows left.
 */
public final class ErasureSection {

    // The section's field names, as readers outside Java (and the tests) see them: Manifest.Erasure's components.

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

    public static Manifest.Erasure fresh(Instant honouredThrough, Duration deadline) {
        return new Manifest.Erasure(honouredThrough, deadline.toString(), policy(), null, null, null);
    }

    static Manifest.Erasure rewritten(Instant honouredThrough, Duration deadline, String from, long removedRows, Instant at) {
        return new Manifest.Erasure(honouredThrough, deadline.toString(), policy(), from, removedRows, at);
    }

    private static String policy() {
        return "subjects erased after " + HONOURED_THROUGH + " are removed within the " + DEADLINE + " by "
                + ErasureSweepLaunch.JOB + ": the run is rewritten as a new run of the same snapshot (" + KEY + "." + REWRITTEN_FROM
                + ") and this one is withdrawn";
    }

    /** The sidecar {@code _erasure.json}: a check found none of the newer ledger entries in the run. */
    record Check(Instant checkedThrough, Instant checkedAt, int ledgerEntriesChecked) {
    }
}
