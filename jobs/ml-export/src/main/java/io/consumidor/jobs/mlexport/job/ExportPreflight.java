package io.consumidor.jobs.mlexport.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.batchsupport.SourceNotReady;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.Manifest;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * The first step of {@code mlTrainingExport}: whether the sources hold what a run of this snapshot needs, before
 * any partition reads them — a run over a vanished source would be written complete and taken for the truth.
 * Refused, with the source named and what to do:
 * <ul>
 *   <li>a snapshot before the earliest data any source holds (nothing was known at T: an empty run);</li>
 *   <li>a Base B without a live profile, or whose history holds nothing recorded by T (Base B rebuilt by a replay
 *       holds current versions recorded now: no back-dated snapshot can be built from it);</li>
 *   <li>a Base B with markedly fewer live profiles than the dataset's newest complete run saw at its start
 *       ({@code consumidor.export.coverage.max-profile-drop}): emptied or partly lost, for example by the local
 *       stack's memory backend on {@code ./pipeline down}.</li>
 * </ul>
 */
final class ExportPreflight implements Tasklet {

    private final ExportRun run;
    private final ExportSources sources;
    private final ElasticsearchClient elasticsearch;
    private final BaseCIndices indices;
    private final DatasetStore store;
    private final ExportProperties properties;

    ExportPreflight(ExportRun run, ExportSources sources, ElasticsearchClient elasticsearch, BaseCIndices indices, DatasetStore store,
                    ExportProperties properties) {
        this.run = run;
        this.sources = sources;
        this.elasticsearch = elasticsearch;
        this.indices = indices;
        this.store = store;
        this.properties = properties;
    }


    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution execution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        Dataset dataset = run.dataset(execution);
        java.time.LocalDate snapshot = execution.getJobParameters().getLocalDate(ExportLaunch.SNAPSHOT_DATE);
        Instant asOf = ExportLaunch.asOf(dataset, execution.getJobParameters());
        String what = dataset.name() + " @ " + snapshot;
        boolean baseBByT = historyRecordedBy(asOf);
        boolean baseCByT = eventRecordedBy(asOf);
        long live = sources.profiles().countDocuments(ProfileWrites.live());
        if (!baseBByT && !baseCByT) {
            throw new SourceNotReady(what + ": no source held anything by T (" + asOf + "): neither Base B's history nor Base C had"
                    + " recorded a fact by then — a snapshot before the data began would be an empty run marked complete; pick a later"
                    + " snapshotDate");
        }
        if (live == 0) {
            throw new SourceNotReady(what + ": Base B holds no profile (Base C does): it was emptied — the local stack's memory backend"
                    + " forgets it on ./pipeline down. Run ./pipeline replay base-b to restore the current profiles (history before"
                    + " the replay cannot be restored), then export");
        }
        if (!baseBByT) {
            throw new SourceNotReady(what + ": Base B's history holds nothing recorded by T (" + asOf + "): it was rebuilt after T (a"
                    + " replay records the current versions now), so a snapshot as of T cannot be built from it");
        }
        Optional<Long> before = previousProfiles(dataset);
        if (before.isPresent() && live < (1 - properties.coverage().maxProfileDrop()) * before.get()) {
            throw new SourceNotReady(what + ": Base B holds " + live + " live profiles, but the newest complete run of " + dataset.name()
                    + " saw " + before.get() + " — more than " + Math.round(100 * properties.coverage().maxProfileDrop()) + " % fewer: Base B"
                    + " was emptied or partly lost. Run ./pipeline replay base-b (current profiles; history before the replay cannot"
                    + " be restored), or raise consumidor.export.coverage.max-profile-drop if the consumers really left");
        }
        return RepeatStatus.FINISHED;
    }

    private Optional<Long> previousProfiles(Dataset dataset) {
        return store.runs(dataset.name()).stream().filter(DatasetStore.Run::complete).reduce((a, b) -> b)
                .flatMap(r -> store.get(r.layout(store.prefix()).manifest())).map(Manifest::fromJson)
                .map(Manifest::sources).map(Manifest.Sources::baseBProfiles);
    }

    /** Whether any history entry was recorded by the instant: one matching document, not a scan of them all. */
    private boolean historyRecordedBy(Instant instant) {
        return sources.database().getCollection(io.consumidor.baseb.BaseBCollections.PROFILE_HISTORY)
                .find(Filters.lte(ProfileHistory.FACT + "." + ProfileFields.RECORDED_AT, Date.from(instant)))
                .projection(Projections.include("_id")).limit(1).first() != null;
    }

    private boolean eventRecordedBy(Instant instant) {
        try {
            return elasticsearch.search(s -> s.index(indices.events()).allowNoIndices(true).ignoreUnavailable(true).size(0)
                    .terminateAfter(1L).trackTotalHits(t -> t.enabled(true))
                    .query(q -> q.range(r -> r.date(d -> d.field(EventFields.RECORDED_AT).lte(instant.toString())))), Void.class)
                    .hits().total().value() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Base C unreachable: " + e.getMessage(), e);
        }
    }
}
