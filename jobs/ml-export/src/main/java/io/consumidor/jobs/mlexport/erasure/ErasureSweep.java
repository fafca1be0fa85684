package io.consumidor.jobs.mlexport.erasure;

import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.step.tasklet.Tasklet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mlErasureSweep}: every complete run of every dataset in the store (defined in {@code datasets.yml} or
 * not) is brought up to date with the erasure ledger ({@link StoredRunSweep}), and so are the query API's logged
 * feature lookups ({@link FeatureLogSweep}); then the ledger entries that
 * every stored run is checked past — and that are older than {@code ledger-min-age}, so an export still between
 * reading a page and committing cannot miss them — are pruned. A run that cannot be cleaned (its key is missing,
 * a file does not match its manifest, the store fails) does not stop the others; the step fails at the end
 * naming each, no ledger entry is pruned, and entries pending past the deadline are reported as overdue.
 */
final class ErasureSweep implements Tasklet {

    static final String RUNS_CHECKED = "sweep.runsChecked";
    static final String RUNS_REWRITTEN = "sweep.runsRewritten";
    static final String ROWS_REMOVED = "sweep.rowsRemoved";
    static final String OVERDUE = "sweep.overdueEntries";
    static final String PRUNED = "sweep.prunedEntries";
    static final String LOG_ROWS_REMOVED = "sweep.featureLogRowsRemoved";
    private static final Logger log = LoggerFactory.getLogger(ErasureSweep.class);

    private final DatasetStore store;
    private final FeatureLogSweep logs;
    private final ErasureLedger ledger;
    private final PseudonymKeys keys;
    private final ExportProperties properties;
    private final Clock clock;

    ErasureSweep(DatasetStore store, FeatureLogSweep logs, ErasureLedger ledger, PseudonymKeys keys, ExportProperties properties, Clock clock) {
        this.store = store;
        this.logs = logs;
        this.ledger = ledger;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        Instant now = clock.instant();
        long instance = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstance().getInstanceId();
        StoredRunSweep runs = new StoredRunSweep(store, keys, properties, instance);
        // The ledger is pruned as runs are checked past it, so it stays small: one read serves every run.
        List<ErasureLedger.Entry> entries = ledger.recordedAfter(Instant.EPOCH);
        Instant cleanThrough = now;
        long checked = 0, rewritten = 0, removed = 0, overdue = 0;
        List<String> failures = new ArrayList<>();
        for (String dataset : store.datasets()) {
            List<DatasetStore.Run> all = store.runs(dataset);
            for (DatasetStore.Run run : all) {
                if (!run.complete()) {
                    // An export still writing (or a dead one, until retention): its rows were read after its start.
                    if (!run.runId().contains(RunLayout.REWRITE_MARK)) {
                        cleanThrough = min(cleanThrough, RunLayout.startOf(run.runId()));
                    }
                    continue;
                }
                try {
                    List<DatasetStore.Run> snapshot = all.stream().filter(r -> r.snapshotDate().equals(run.snapshotDate())).toList();
                    StoredRunSweep.Outcome outcome = runs.sweep(run, entries, snapshot, now);
                    checked++;
                    contribution.incrementReadCount();
                    cleanThrough = min(cleanThrough, outcome.checkedThrough());
                    if (outcome.rewritten()) {
                        rewritten++;
                        removed += outcome.removedRows();
                        contribution.incrementWriteCount(1);
                    }
                    overdue += outcome.overdueEntries();
                } catch (Exception e) {
                    failures.add(dataset + " " + run.snapshotDate() + " run " + run.runId() + ": " + e.getMessage());
                    cleanThrough = Instant.EPOCH;
                }
            }
        }
        FeatureLogSweep.Outcome logged = new FeatureLogSweep.Outcome(0, 0);
        try {
            logged = logs.sweep(entries);
        } catch (Exception e) {
            failures.add("the logged feature lookups: " + e.getMessage());
        }
        long pruned = 0;
        if (failures.isEmpty()) {
            pruned = ledger.prune(min(cleanThrough, now.minus(properties.erasure().ledgerMinAge())));
        }
        ExecutionContext context = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        context.putLong(RUNS_CHECKED, checked);
        context.putLong(RUNS_REWRITTEN, rewritten);
        context.putLong(ROWS_REMOVED, removed);
        context.putLong(OVERDUE, overdue);
        context.putLong(PRUNED, pruned);
        context.putLong(LOG_ROWS_REMOVED, logged.rowsRemoved());
        log.info("erasure sweep: {} ledger entries; {} complete runs checked, {} rewritten without {} row(s) of erased subjects;"
                + " {} feature-log batch(es) rewritten without {} row(s); {} ledger entries pruned", entries.size(), checked, rewritten, removed,
                logged.batchesRewritten(), logged.rowsRemoved(), pruned);
        if (overdue > 0) {
            log.error("erasure sweep: {} erasure(s) reached stored runs later than the deadline of {}: the sweep must run more often"
                    + " than the deadline", overdue, properties.erasure().deadline());
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " run(s) could not be cleaned and keep erased subjects until a sweep"
                    + " succeeds: " + String.join("; ", failures));
        }
        return RepeatStatus.FINISHED;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
