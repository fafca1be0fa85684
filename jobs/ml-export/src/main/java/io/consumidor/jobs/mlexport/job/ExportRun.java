package io.consumidor.jobs.mlexport.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoCollection;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.basec.BaseCIndices;
import org.bson.Document;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.EventFields;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
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
    /** Base C's oldest event known at T (epoch ms; absent: none): how far back its windows are covered. */
    static final String BASE_C_FROM = "export.baseC.from";
    /** Base B's profiles, tombstones left out, at the start: the subjects the run could have seen. */
    static final String PROFILES_AT_START = "export.profilesAtStart";
    private static final Logger log = LoggerFactory.getLogger(ExportRun.class);

    private final JobRepository repository;
    private final Datasets datasets;
    private final DatasetStore store;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;
    private final Clock clock;
    private final MongoCollection<Document> profiles;

    ExportRun(JobRepository repository, Datasets datasets, DatasetStore store, ElasticsearchClient elasticsearch,
              BaseCIndices indices, Clock clock, MongoCollection<Document> profiles) {
        this.profiles = profiles;
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
            String cutOff = execution.getJobParameters().getString(ExportLaunch.OBSERVED_UNTIL);
            boolean pointInTime = execution.getJobParameters().getString(ExportLaunch.AS_OF) != null;
            context.putString(RUN_ID, RunLayout.RUN_TIME.format(now) + (pointInTime ? RunLayout.AS_OF_MARK : "-") + execution.getJobInstance().getInstanceId());
            context.putLong(OBSERVED_UNTIL, cutOff == null ? now.toEpochMilli() : Instant.parse(cutOff).toEpochMilli());
            context.putString(WATERMARK_C, String.valueOf(baseCWatermark()));
            Instant baseCFrom = baseCFrom(ExportLaunch.asOf(dataset(execution), execution.getJobParameters()));
            if (baseCFrom != null) {
                context.putLong(BASE_C_FROM, baseCFrom.toEpochMilli());
            }
            context.putLong(PROFILES_AT_START, profiles.countDocuments(ProfileWrites.live()));
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


    /** The oldest occurrence among the events Base C had recorded by T. */
    private Instant baseCFrom(Instant asOf) {
        return new ActivitySummaries(elasticsearch, indices).oldestOccurrence(asOf);
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
