package io.consumidor.jobs.mlexport.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.jobs.mlexport.dataset.Dataset;
import io.consumidor.jobs.mlexport.dataset.Datasets;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Fixes what a run is, once, in the job's execution context — so a restart writes the same run, with the same
 * observation time, and ends in the same one dataset: the run id ({@code <first start, UTC>-<instance>}), the
 * instant outcomes are observed until, and Base C's watermark (the newest {@code recordedAt} of its events at
 * the start; Base B's is the newest fact the partitions read). On a restart it also aborts the run's incomplete multipart
 * uploads, whichever partition left them.
 */
final class ExportRun implements JobExecutionListener {

    static final String RUN_ID = "export.runId";
    static final String OBSERVED_UNTIL = "export.observedUntil";
    static final String WATERMARK_C = "export.watermark.baseC";
    private static final Logger log = LoggerFactory.getLogger(ExportRun.class);

    private final JobRepository repository;
    private final Datasets datasets;
    private final DatasetStore store;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;
    private final Clock clock;

    ExportRun(JobRepository repository, Datasets datasets, DatasetStore store, ElasticsearchClient elasticsearch,
              BaseCIndices indices, Clock clock) {
        this.repository = repository;
        this.datasets = datasets;
        this.store = store;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        ExecutionContext context = execution.getExecutionContext();
        if (!context.containsKey(RUN_ID)) {
            Instant now = clock.instant();
            context.putString(RUN_ID, RunLayout.RUN_TIME.format(now) + "-" + execution.getJobInstance().getInstanceId());
            context.putLong(OBSERVED_UNTIL, now.toEpochMilli());
            context.putString(WATERMARK_C, String.valueOf(baseCWatermark()));
        } else {
            int aborted = store.abortIncompleteUploads(layout(execution).runPrefix());
            log.info("restart of run {}: {} incomplete upload(s) aborted", context.getString(RUN_ID), aborted);
        }
        repository.updateExecutionContext(execution);
    }

    RunLayout layout(JobExecution execution) {
        return layout(store, execution.getJobParameters().getString(ExportLaunch.DATASET),
                execution.getJobParameters().getLocalDate(ExportLaunch.SNAPSHOT_DATE), execution.getExecutionContext().getString(RUN_ID));
    }

    static RunLayout layout(DatasetStore store, String dataset, LocalDate snapshotDate, String runId) {
        return new RunLayout(store.prefix(), dataset, snapshotDate, runId);
    }

    Dataset dataset(JobExecution execution) {
        return datasets.find(execution.getJobParameters().getString(ExportLaunch.DATASET)).orElseThrow();
    }


    private Instant baseCWatermark() {
        try {
            var response = elasticsearch.search(s -> s.index(indices.events()).allowNoIndices(true).ignoreUnavailable(true).size(0)
                    .aggregations("newest", a -> a.max(m -> m.field(EventFields.RECORDED_AT))), Void.class);
            var newest = response.aggregations().get("newest");
            return newest == null || newest.max().value() == 0 || Double.isInfinite(newest.max().value()) ? null
                    : Instant.ofEpochMilli((long) newest.max().value());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }
}
