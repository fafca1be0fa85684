package io.consumidor.jobs.mlexport.job;

import io.consumidor.batchsupport.SubjectRangePartitioner;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.jobs.mlexport.erasure.ErasureSection;
import io.consumidor.features.rows.LabelRules;
import io.consumidor.features.schema.Column;
import io.consumidor.jobs.mlexport.quality.ColumnProfile;
import io.consumidor.jobs.mlexport.quality.DatasetProfile;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.LatestRuns;
import io.consumidor.jobs.mlexport.store.Manifest;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last step of {@code mlTrainingExport}: once every partition's file is complete, writes
 * {@code _manifest.json} (what the run is and every file in it), {@code _profile.json} (the data-quality
 * profile with PSI against the previous snapshot) and then {@code _SUCCESS} — last, so a reader that sees it
 * sees everything. Then applies the retention. Partition results are read from the job repository (the last
 * execution of each partition step of this instance), so a restart that re-ran only the missing partitions
 * still lists them all.
 */
final class CommitRun implements Tasklet {

    static final String WORKER = "exportWorker";
    private static final Logger log = LoggerFactory.getLogger(CommitRun.class);
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final JobRepository repository;
    private final ExportRun run;
    private final DatasetStore store;
    private final ExportProperties properties;
    private final Clock clock;

    CommitRun(JobRepository repository, ExportRun run, DatasetStore store, ExportProperties properties, Clock clock) {
        this.repository = repository;
        this.run = run;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @SuppressWarnings("unchecked")
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        Dataset dataset = run.dataset(execution);
        RunLayout layout = run.layout(execution);
        LocalDate snapshotDate = layout.snapshotDate();
        // One listing of the dataset's prefix serves the PSI baseline and the retention.
        List<DatasetStore.Run> runs = store.runs(dataset.name());
        List<Manifest.FileEntry> files = new ArrayList<>();
        DatasetProfile profile = new DatasetProfile(dataset.schema());
        BigInteger content = BigInteger.ZERO;
        long rows = 0, bytes = 0, erased = 0, noExposure = 0, badAtObservation = 0, scanned = 0, newestFact = 0, labelWatermark = 0;
        for (StepExecution partition : partitions(execution.getJobInstance())) {
            ExecutionContext result = partition.getExecutionContext();
            files.add(new Manifest.FileEntry(result.getString(PartitionExport.FILE), result.getLong(PartitionExport.ROWS),
                    result.getLong(PartitionExport.BYTES), result.getString(PartitionExport.SHA256)));
            rows += result.getLong(PartitionExport.ROWS);
            bytes += result.getLong(PartitionExport.BYTES);
            erased += result.getLong(PartitionExport.ERASED);
            noExposure += result.getLong(PartitionExport.NO_EXPOSURE);
            badAtObservation += result.getLong(PartitionExport.BAD_AT_OBSERVATION);
            scanned += result.getLong(PartitionExport.SCANNED);
            labelWatermark = Math.max(labelWatermark, result.getLong(PartitionExport.LABEL_WATERMARK));
            newestFact = Math.max(newestFact, result.getLong(PartitionExport.NEWEST_FACT));
            content = content.add(new BigInteger(result.getString(PartitionExport.CONTENT), 16)).mod(ContentHash.MODULUS);
            profile.merge(DatasetProfile.fromMap(JSON.readValue(result.getString(PartitionExport.PROFILE), Map.class)));
        }
        refuseToShrink(execution, dataset, snapshotDate, runs, rows);
        Map<String, Object> profileDocument = RunProfileDocument.of(store, dataset.name(), snapshotDate, profile, runs);
        long knownOnlyAfterT = Math.max(0, execution.getExecutionContext().getLong(ExportRun.PROFILES_AT_START, 0L) - (scanned - erased));
        Manifest manifest = manifest(execution, dataset, layout, files, rows, bytes,
                new Manifest.Exclusions(noExposure, badAtObservation, knownOnlyAfterT, erased), ContentHash.hex(content), profile,
                newestFact == 0 ? null : Instant.ofEpochMilli(newestFact), labelWatermark == 0 ? null : Instant.ofEpochMilli(labelWatermark));
        store.put(layout.manifest(), manifest.toJson(), "application/json");
        store.put(layout.profile(), JSON.writeValueAsBytes(profileDocument), "application/json");
        store.put(layout.success(), "complete\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        log.info("{} {} run {}: {} rows in {} files, {} bytes; _SUCCESS written", dataset.name(), snapshotDate, layout.runId(), rows,
                files.size(), bytes);
        ((List<String>) profileDocument.get("warnings")).forEach(w -> log.warn("{} {}: {}", dataset.name(), snapshotDate, w));
        new Retention(store, Duration.ofDays(properties.retentionDays()), clock).apply(dataset.name(), layout.runId(), runs);
        LatestRuns.rebuild(store, dataset.name(), clock.instant());
        return RepeatStatus.FINISHED;
    }

    /**
     * A run never supersedes a complete run of the same snapshot that has more rows unless asked ({@code replace=true},
     * not identifying: a refused run is restarted with it and commits without reading the sources again): fewer rows
     * for the same day mostly mean a source lost data, and readers take the newest complete run.
     */
    private void refuseToShrink(JobExecution execution, Dataset dataset, LocalDate snapshotDate, List<DatasetStore.Run> runs, long rows) {
        if (Boolean.parseBoolean(execution.getJobParameters().getString(ExportLaunch.REPLACE))
                || execution.getJobParameters().getString(ExportLaunch.AS_OF) != null) {
            return; // a point-in-time run supersedes nothing: readers never take it for the snapshot
        }
        // what readers take now: the newest complete run of the snapshot (a run of another definition is no comparison)
        java.util.Optional<DatasetStore.Run> current = runs.stream().filter(r -> r.snapshotDate().equals(snapshotDate) && r.official())
                .reduce((a, b) -> b);
        if (current.isEmpty()) {
            return;
        }
        Manifest earlier = store.get(current.get().layout(store.prefix()).manifest()).map(Manifest::fromJson).orElse(null);
        if (earlier != null && dataset.definitionHash().equals(earlier.definitionHash()) && earlier.totals().rows() > rows) {
            throw new IllegalStateException(dataset.name() + " @ " + snapshotDate + ": this run has " + rows + " rows, fewer than the "
                    + earlier.totals().rows() + " of complete run " + current.get().runId() + ", which readers would stop taking — a source"
                    + " lost data, or consumers were erased since? Nothing was committed. To supersede it on purpose, run the export"
                    + " again with replace=true");
        }
    }

    private List<StepExecution> partitions(JobInstance instance) {
        List<StepExecution> partitions = new ArrayList<>();
        for (int i = 0; ; i++) {
            StepExecution last = repository.getLastStepExecution(instance, WORKER + ":subjects-" + i);
            if (last == null) {
                return partitions;
            }
            if (last.getStatus() != BatchStatus.COMPLETED || !last.getExecutionContext().containsKey(PartitionExport.FILE)) {
                throw new IllegalStateException("partition " + i + " is " + last.getStatus() + ": the run cannot be committed");
            }
            if (SubjectRangePartitioner.index(last.getStepName()) != i) {
                throw new IllegalStateException("partition step " + last.getStepName() + " is out of order");
            }
            partitions.add(last);
        }
    }

    private Manifest manifest(JobExecution execution, Dataset dataset, RunLayout layout, List<Manifest.FileEntry> files,
                              long rows, long bytes, Manifest.Exclusions exclusions, String contentHash, DatasetProfile profile,
                              Instant newestFact, Instant labelWatermark) {
        ExecutionContext context = execution.getExecutionContext();
        LocalDate today = LocalDate.now(clock.withZone(dataset.zone()));
        Instant observedUntil = Instant.ofEpochMilli(context.getLong(ExportRun.OBSERVED_UNTIL));
        Manifest.Label label = null;
        if (dataset.labelled()) {
            ColumnProfile column = profile.columns().get(Dataset.LABEL);
            LabelRules rules = new LabelRules(dataset, layout.snapshotDate(), observedUntil);
            label = new Manifest.Label(Dataset.LABEL, dataset.label().kind(), dataset.label().horizonMonths(),
                    LabelRules.windowEnd(dataset, layout.snapshotDate()), LabelRules.maturesAt(dataset, layout.snapshotDate()), rules.mature(),
                    labelWatermark, column == null || column.rows() == 0 || !rules.mature() ? null : column.mean());
        }
        return new Manifest(dataset.name(), dataset.version(), dataset.description(), dataset.definitionHash(), dataset.canonical(),
                layout.snapshotDate(), ExportLaunch.asOf(dataset, execution.getJobParameters()), dataset.zone().getId(),
                !layout.snapshotDate().isBefore(today), layout.runId(), execution.getJobInstance().getInstanceId(), clock.instant(),
                observedUntil, dataset.pseudonymKeyId(), label,
                dataset.schema().columns().stream().map(CommitRun::column).toList(), RunProfileDocument.modelVersions(profile), files,
                new Manifest.Totals(files.size(), rows, bytes), exclusions, contentHash,
                // B: the newest recordedAt among the facts the rows were built from (all <= T); C: the newest recordedAt in
                // Base C when the run started (events after T are not counted, but show how current Base C was).
                new Manifest.Watermarks(newestFact, context.getString(ExportRun.WATERMARK_C)),
                new Manifest.Sources(context.getLong(ExportRun.PROFILES_AT_START, 0L)),
                ErasureSection.fresh(observedUntil, properties.erasure().deadline()), CodeVersion.get());
    }

    static Manifest.SchemaColumn column(Column column) {
        return new Manifest.SchemaColumn(column.name(), column.type().name(), column.nullable(), column.meaning(), column.source(),
                column.window(), column.role().name());
    }
}
