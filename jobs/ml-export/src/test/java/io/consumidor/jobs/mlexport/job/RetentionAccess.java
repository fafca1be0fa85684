package io.consumidor.jobs.mlexport.job;

import io.consumidor.jobs.mlexport.store.DatasetStore;

import java.time.Clock;
import java.time.Duration;

/** Test access to the package-private retention. */
public final class RetentionAccess {

    private RetentionAccess() {
    }

    public static void apply(DatasetStore store, Duration retention, Clock clock, String dataset, String currentRunId) {
        new Retention(store, retention, clock).apply(dataset, currentRunId, store.runs(dataset));
    }
}
