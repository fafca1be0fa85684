package io.consumidor.jobs.mlexport.job;

import io.consumidor.batchsupport.SubjectRangePartitioner;
import io.consumidor.jobs.mlexport.dataset.Dataset;
import io.consumidor.jobs.mlexport.erasure.ErasureSection;
import io.consumidor.jobs.mlexport.parquet.Column;
import io.consumidor.jobs.mlexport.quality.ColumnProfile;
import io.consumidor.jobs.mlexport.quality.DatasetProfile;
import io.consumidor.jobs.mlexport.store.DatasetStore;
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
import java.util.LinkedHashMap;
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
        List<Map<String, Object>> files = new ArrayList<>();
        DatasetProfile profile = new DatasetProfile(dataset.schema());
        BigInteger content = BigInteger.ZERO;
        long rows = 0, bytes = 0, censored = 0, erased = 0, newestFact = 0;
        for (StepExecution partition : partitions(execution.getJobInstance())) {
            ExecutionContext result = partition.getExecutionContext();
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("key", result.getString(PartitionExport.FILE));
            file.put("rows", result.getLong(PartitionExport.ROWS));
            file.put("bytes", result.getLong(PartitionExport.BYTES));
            file.put("sha256", result.getString(PartitionExport.SHA256));
            files.add(file);
            rows += result.getLong(PartitionExport.ROWS);
            bytes += result.getLong(PartitionExport.BYTES);
            censored += result.getLong(PartitionExport.CENSORED);
            erased += result.getLong(PartitionExport.ERASED);
            newestFact = Math.max(newestFact, result.getLong(PartitionExport.NEWEST_FACT));
            content = content.add(new BigInteger(result.getString(PartitionExport.CONTENT), 16)).mod(ContentHash.MODULUS);
            profile.merge(DatasetProfile.fromMap(JSON.readValue(result.getString(PartitionExport.PROFILE), Map.class)));
        }
        Map<String, Object> profileDocument = RunProfileDocument.of(store, dataset.name(), snapshotDate, profile, runs);
        Map<String, Object> manifest = manifest(execution, dataset, layout, files, rows, bytes, censored, erased,
                ContentHash.hex(content), profile, newestFact == 0 ? null : Instant.ofEpochMilli(newestFact));
        store.put(layout.manifest(), JSON.writeValueAsBytes(manifest), "application/json");
        store.put(layout.profile(), JSON.writeValueAsBytes(profileDocument), "application/json");
        store.put(layout.success(), "complete\n".getBytes(StandardCharsets.UTF_8), "text/plain");
        log.info("{} {} run {}: {} rows in {} files, {} bytes; _SUCCESS written", dataset.name(), snapshotDate, layout.runId(), rows,
                files.size(), bytes);
        ((List<String>) profileDocument.get("warnings")).forEach(w -> log.warn("{} {}: {}", dataset.name(), snapshotDate, w));
        new Retention(store, Duration.ofDays(properties.retentionDays()), clock).apply(dataset.name(), layout.runId(), runs);
        return RepeatStatus.FINISHED;
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

    private Map<String, Object> manifest(JobExecution execution, Dataset dataset, RunLayout layout, List<Map<String, Object>> files,
                                         long rows, long bytes, long censored, long erased, String contentHash, DatasetProfile profile,
                                         Instant newestFact) {
        ExecutionContext context = execution.getExecutionContext();
        LocalDate today = LocalDate.now(clock.withZone(dataset.zone()));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("dataset", dataset.name());
        manifest.put("version", dataset.version());
        manifest.put("description", dataset.description());
        manifest.put("definitionHash", dataset.definitionHash());
        manifest.put("definition", definition(dataset));
        manifest.put("snapshotDate", layout.snapshotDate().toString());
        manifest.put("asOf", ExportLaunch.asOf(dataset, layout.snapshotDate()).toString());
        manifest.put("zone", dataset.zone().getId());
        manifest.put("provisional", !layout.snapshotDate().isBefore(today));
        manifest.put("runId", layout.runId());
        manifest.put("jobInstance", execution.getJobInstance().getInstanceId());
        manifest.put("committedAt", clock.instant().toString());
        manifest.put("observedUntil", Instant.ofEpochMilli(context.getLong(ExportRun.OBSERVED_UNTIL)).toString());
        manifest.put("pseudonymKeyId", dataset.pseudonymKeyId());
        if (dataset.labelled()) {
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("column", Dataset.LABEL);
            label.put("kind", dataset.label().kind());
            label.put("horizonMonths", dataset.label().horizonMonths());
            label.put("windowEnd", io.consumidor.core.time.Days.endOf(layout.snapshotDate().plusMonths(dataset.label().horizonMonths()),
                    dataset.zone()).toString());
            label.put("rightCensored", "excluded: rows whose window had not closed by observedUntil and showed no bad outcome");
            ColumnProfile column = profile.columns().get(Dataset.LABEL);
            label.put("rate", column.rows() == 0 ? null : column.mean());
            manifest.put("label", label);
        }
        manifest.put("schema", dataset.schema().columns().stream().map(CommitRun::column).toList());
        manifest.put("scorecardModelVersions", RunProfileDocument.modelVersions(profile));
        manifest.put("files", files);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("files", files.size());
        totals.put("rows", rows);
        totals.put("bytes", bytes);
        manifest.put("totals", totals);
        Map<String, Object> exclusions = new LinkedHashMap<>();
        exclusions.put("rightCensored", censored);
        exclusions.put("erased", erased);
        manifest.put("exclusions", exclusions);
        manifest.put("contentHash", contentHash);
        Map<String, Object> watermarks = new LinkedHashMap<>();
        // B: the newest recordedAt among the facts the rows were built from (all <= T); C: the newest recordedAt in
        // Base C when the run started (events after T are not counted, but show how current Base C was).
        watermarks.put("baseB", newestFact == null ? null : newestFact.toString());
        watermarks.put("baseC", context.getString(ExportRun.WATERMARK_C));
        manifest.put("sourceWatermarks", watermarks);
        manifest.put(ErasureSection.KEY, ErasureSection.fresh(manifest.get("observedUntil").toString(), properties.erasure().deadline()));
        manifest.put("codeVersion", CodeVersion.get());
        return manifest;
    }

    private static Map<String, Object> definition(Dataset dataset) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("profile", dataset.profile().stream().map(f -> f.column()).toList());
        definition.put("rating", dataset.rating().stream().map(f -> f.column()).toList());
        definition.put("activityWindowsDays", dataset.activityWindowsDays());
        definition.put("bureauQueryWindowsDays", dataset.bureauQueryWindowsDays());
        definition.put("daysSinceLastCardPurchase", dataset.daysSinceLastCardPurchase());
        definition.put("label", dataset.label() == null ? null : Map.of("kind", dataset.label().kind(), "horizonMonths", dataset.label().horizonMonths()));
        return definition;
    }

    static Map<String, Object> column(Column column) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", column.name());
        doc.put("type", column.type().name());
        doc.put("nullable", column.nullable());
        doc.put("meaning", column.meaning());
        doc.put("source", column.source());
        doc.put("window", column.window());
        return doc;
    }
}
