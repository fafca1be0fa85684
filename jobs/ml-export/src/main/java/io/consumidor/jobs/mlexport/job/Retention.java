package io.consumidor.jobs.mlexport.job;

import io.consumidor.jobs.mlexport.store.DatasetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Removes runs older than the retention, never the newest complete run of a snapshot (what readers take), never
 * a pinned run (one a model was trained on: {@code export pin}) and never the run being committed. Incomplete
 * runs (failed and never restarted) go too once they are older.
 */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final DatasetStore store;
    private final Duration retention;
    private final Clock clock;

    Retention(DatasetStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * @param runs the dataset's runs as listed before the current run was committed: the current run counts as
     *             complete whatever the listing says, since its {@code _SUCCESS} is written by now
     */
    void apply(String dataset, String currentRunId, List<DatasetStore.Run> runs) {
        Instant cutoff = clock.instant().minus(retention);
        // the snapshot's newest official run is kept; a point-in-time run (asOf) never counts as it, and goes with its age
        Map<LocalDate, Optional<DatasetStore.Run>> newest = runs.stream()
                .filter(r -> (r.complete() || r.runId().equals(currentRunId)) && !r.pointInTime())
                .collect(Collectors.groupingBy(DatasetStore.Run::snapshotDate, Collectors.reducing((a, b) -> b)));
        for (DatasetStore.Run run : runs) {
            boolean kept = run.runId().equals(currentRunId) || run.pinned()
                    || newest.getOrDefault(run.snapshotDate(), Optional.empty()).filter(n -> n.runId().equals(run.runId())).isPresent();
            if (!kept && run.lastModified().isBefore(cutoff)) {
                store.deleteRun(run);
                log.info("retention: removed {} {} run {} ({})", dataset, run.snapshotDate(), run.runId(), run.complete() ? "complete" : "incomplete");
            }
        }
    }
}
