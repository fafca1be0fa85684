package io.consumidor.mlexports.job;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.mlexports.dataset.Dataset;
import io.consumidor.mlexports.dataset.Datasets;
import io.consumidor.mlexports.store.DatasetStore;
import io.consumidor.mlexports.store.RunLayout;
import org.bson.Document;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/**
 * Fixes what a run is, once, in the job's execution context — so a restart writes the same run, with the same
 * observation time, and ends in the same one dataset: the run id ({@code <first start, UTC>-<instance>}), the
 * instant outcomes are observed until, and the source watermarks (the newest {@code recordedAt} of Base B's
 * history and of Base C's events at the start). On a restart it also aborts the run's incomplete multipart
 * uploads, whichever partition left them.
 */
final class ExportRun implements JobExecutionListener {

    static final String RUN_ID = "export.runId";
    static final String OBSERVED_UNTIL = "export.observedUntil";
    static final String WATERMARK_B = "export.watermark.baseB";
    static final String WATERMARK_C = "export.watermark.baseC";
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Logger log = LoggerFactory.getLogger(ExportRun.class);

    private final JobRepository repository;
    private final Datasets datasets;
    private final DatasetStore store;
    private final MongoDatabase baseB;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;
    private final Clock clock;

    ExportRun(JobRepository repository, Datasets datasets, DatasetStore store, MongoDatabase baseB, ElasticsearchClient elasticsearch,
              BaseCIndices indices, Clock clock) {
        this.repository = repository;
        this.datasets = datasets;
        this.store = store;
        this.baseB = baseB;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.clock = clock;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        ExecutionContext context = execution.getExecutionContext();
        if (!context.containsKey(RUN_ID)) {
            Instant now = clock.instant();
            context.putString(RUN_ID, RUN_TIME.format(now) + "-" + execution.getJobInstance().getInstanceId());
            context.putLong(OBSERVED_UNTIL, now.toEpochMilli());
            context.putString(WATERMARK_B, String.valueOf(baseBWatermark()));
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

    private Instant baseBWatermark() {
        Document newest = baseB.getCollection(BaseBCollections.PROFILE_HISTORY).find()
                .sort(Sorts.descending("fact." + ProfileFields.RECORDED_AT)).projection(Projections.include("fact." + ProfileFields.RECORDED_AT))
                .limit(1).first();
        if (newest == null) {
            return null;
        }
        Date recorded = newest.get("fact", Document.class).getDate(ProfileFields.RECORDED_AT);
        return recorded == null ? null : recorded.toInstant();
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
