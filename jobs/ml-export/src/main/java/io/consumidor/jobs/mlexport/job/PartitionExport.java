package io.consumidor.jobs.mlexport.job;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.profile.ProfileWrites;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.baseb.rating.RatingsAsOf;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.core.event.EventType;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.rows.LabelRules;
import io.consumidor.scorecard.Scorecard;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.parquet.RowCodec;
import io.consumidor.parquet.RowSorter;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One partition of {@code mlTrainingExport}: the subjects in {@code [from, to)} as of T, into one Parquet file.
 * Each call of {@link #execute} reads one page of subjects — from two cursors over the partition's range walked
 * together (the history: the profile as of T with the debt summaries up to T + h for a training set; the ratings in force at T),
 * plus one Base C request and one erasure look-up per page — and adds its rows to the sorter, committing the read
 * count so progress is visible to any process; the last call writes the rows in pseudonym order through a
 * multipart upload and records the file (rows, bytes, SHA-256, content hash, profile) in the step's context,
 * which the commit step reads. A partition killed midway has uploaded nothing that completes: its multipart
 * upload is aborted at the restart, and the partition runs again from its first subject — a partition is
 * all-or-nothing, which is what "one complete file or none" needs.
 */
class PartitionExport implements Tasklet, StepExecutionListener {

    static final String FILE = "export.file";
    static final String ROWS = "export.rows";
    static final String BYTES = "export.bytes";
    static final String SHA256 = "export.sha256";
    static final String CONTENT = "export.contentHash";
    static final String ERASED = "export.erased";
    static final String NO_EXPOSURE = "export.noExposure";
    static final String BAD_AT_OBSERVATION = "export.badAtObservation";
    /** Subjects the partition's scan returned (known at T), erased and excluded ones included. */
    static final String SCANNED = "export.scanned";
    static final String LABEL_WATERMARK = "export.labelWatermark";
    static final String PROFILE = "export.profile";
    static final String NEWEST_FACT = "export.newestFact";
    private static final Logger log = LoggerFactory.getLogger(PartitionExport.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExportSources sources;
    private final ErasureLedger ledger;
    private final Dataset dataset;
    private final DatasetSchema schema;
    private final DatasetStore store;
    private final ExportProperties properties;
    private final RunLayout layout;
    private final int index;
    private final String from;
    private final String to;
    private final Instant asOf;
    private final Instant observedUntil;
    private final LocalDate snapshotDate;
    /** How far the history cursor reads the debt summaries: T + h for a training set (the label), else T. */
    private final Instant debtsUntil;
    private final boolean readsDebts;
    private final SubjectRows subjectRows;

    private ProfileHistory.SubjectScan scan;
    private RatingsAsOf ratings;
    private RowSorter sorter;
    private long erased;
    private long noExposure;
    private long badAtObservation;
    private long scanned;
    private long newestFact;
    private long labelWatermark;
    /** Nanoseconds spent per source, for the partition's log line: where an export's time goes. */
    private long historyNanos;
    private long baseBNanos;
    private long baseCNanos;
    private long rowsNanos;
    private long stepStarted;

    PartitionExport(ExportSources sources, Dataset dataset, byte[] key, Scorecard scorecard, DatasetStore store, ExportProperties properties,
                    RunLayout layout, int index, String from, String to, LocalDate snapshotDate, Instant asOf, Instant observedUntil,
                    Integer coverageDays) {
        this.sources = sources;
        this.ledger = new ErasureLedger(sources.database());
        this.dataset = dataset;
        this.schema = dataset.schema();
        this.store = store;
        this.properties = properties;
        this.layout = layout;
        this.index = index;
        this.from = from;
        this.to = to;
        this.snapshotDate = snapshotDate;
        this.asOf = asOf;
        this.observedUntil = observedUntil;
        this.debtsUntil = dataset.labelled() ? LabelRules.windowEnd(dataset, snapshotDate) : asOf;
        this.subjectRows = new SubjectRows(dataset, snapshotDate, asOf, observedUntil, debtsUntil, key, scorecard, coverageDays);
        this.readsDebts = dataset.labelled() || dataset.population() != null || dataset.creditHistory() != null;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        stepStarted = System.nanoTime();
        // A restarted partition starts over: nothing of an earlier attempt's upload may survive.
        int aborted = store.abortIncompleteUploads(layout.part(index));
        if (aborted > 0) {
            log.info("partition {}: aborted {} incomplete upload(s) of an earlier attempt", index, aborted);
        }
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        if (scan == null) {
            long opening = System.nanoTime();
            // Two cursors over the same subject range in the same order, walked together (a merge join): one range
            // scan each per partition, never a query per page. The history cursor yields both the profile as of T
            // and the debt summaries the label and the credit history read: one scan of profileHistory, not two.
            scan = sources.history().scan(from, to, asOf, ProfileGroup.DEBT_SUMMARY, readsDebts ? debtsUntil : asOf,
                    dataset.labelled() ? observedUntil : asOf);
            ratings = new RatingsAsOf(sources.database(), from, to, asOf);
            historyNanos += System.nanoTime() - opening;
            sorter = new RowSorter(new RowCodec(schema), properties.sortRunRows(), tempDir(properties, layout, index));
        }
        List<ProfileHistory.SubjectHistory> page = new ArrayList<>(properties.pageSize());
        long started = System.nanoTime();
        while (page.size() < properties.pageSize() && scan.hasNext()) {
            page.add(scan.next());
        }
        historyNanos += System.nanoTime() - started;
        if (!page.isEmpty()) {
            long before = sorter.rows();
            addRows(page);
            long added = sorter.rows() - before;
            for (int i = 0; i < page.size(); i++) {
                contribution.incrementReadCount();
            }
            contribution.incrementFilterCount(page.size() - added);
            return RepeatStatus.CONTINUABLE;
        }
        closeCursors();
        write(chunkContext.getStepContext().getStepExecution().getExecutionContext(), contribution);
        return RepeatStatus.FINISHED;
    }

    private void addRows(List<ProfileHistory.SubjectHistory> page) {
        List<String> subjects = page.stream().map(s -> s.profile().subject()).toList();
        long started = System.nanoTime();
        Set<String> tombstones = tombstones(subjects);
        Map<String, ErasureLedger.Entry> ledgered = ledger.of(subjects);
        long baseB = System.nanoTime();
        Map<String, ActivitySummaries.Values> activity = sources.activity().summarize(subjects, dataset.measures(),
                dataset.daysSinceLastCardPurchase() ? List.of(EventType.CARD_PURCHASE) : List.of(), asOf);
        long baseC = System.nanoTime();
        baseBNanos += baseB - started;
        baseCNanos += baseC - baseB;
        for (ProfileHistory.SubjectHistory subject : page) {
            Profile profile = subject.profile();
            scanned++;
            for (ProfileGroup group : ProfileGroup.values()) {
                if (profile.fact(group) != null) {
                    newestFact = Math.max(newestFact, profile.fact(group).recordedAt().toEpochMilli());
                }
            }
            long reading = System.nanoTime();
            RatingRecord served = ratings.of(profile.subject());
            List<HistoryEntry> debts = readsDebts ? subject.entries() : List.of();
            baseBNanos += System.nanoTime() - reading;
            if (tombstones.contains(profile.subject()) || erasedSince(profile, ledgered.get(profile.subject()))) {
                erased++;
                continue;
            }
            SubjectRows.Result result = subjectRows.of(profile, debts, served,
                    activity.getOrDefault(profile.subject(), ActivitySummaries.Values.NONE));
            if (result.exclusion() == LabelRules.Exclusion.NO_EXPOSURE) {
                noExposure++;
            } else if (result.exclusion() == LabelRules.Exclusion.BAD_AT_OBSERVATION) {
                badAtObservation++;
            } else {
                labelWatermark = Math.max(labelWatermark, result.labelWatermark());
                sorter.add(result.row());
            }
        }
        rowsNanos += System.nanoTime() - baseC;
    }

    /**
     * Whether the ledger erased the subject after every fact the row would be built from: such a fact should
     * have gone with the erasure, so the row is not written. A subject registered again after its erasure has
     * newer facts and is exported.
     */
    private static boolean erasedSince(Profile profile, ErasureLedger.Entry entry) {
        if (entry == null) {
            return false;
        }
        for (ProfileGroup group : ProfileGroup.values()) {
            if (profile.fact(group) != null && profile.fact(group).occurredAt().isAfter(entry.erasedAt())) {
                return false;
            }
        }
        return true;
    }

    private Set<String> tombstones(List<String> subjects) {
        Set<String> erasedNow = new HashSet<>();
        MongoCollection<Document> profiles = sources.profiles();
        profiles.find(Filters.and(Filters.in("_id", subjects), ProfileWrites.tombstone())).projection(Projections.include("_id"))
                .forEach(doc -> erasedNow.add(doc.get("_id").toString()));
        return erasedNow;
    }


    private void write(ExecutionContext context, StepContribution contribution) throws IOException {
        long started = System.nanoTime();
        PartitionFile.Written file = new PartitionFile(schema, store, properties).write(layout.part(index), sorter);
        contribution.incrementWriteCount(file.rows());
        context.putString(FILE, file.key());
        context.putLong(ROWS, file.rows());
        context.putLong(BYTES, file.bytes());
        context.putString(SHA256, file.sha256());
        context.putString(CONTENT, file.contentHash());
        context.putLong(ERASED, erased);
        context.putLong(NO_EXPOSURE, noExposure);
        context.putLong(BAD_AT_OBSERVATION, badAtObservation);
        context.putLong(SCANNED, scanned);
        context.putLong(LABEL_WATERMARK, labelWatermark);
        context.putLong(NEWEST_FACT, newestFact);
        context.putString(PROFILE, JSON.writeValueAsString(file.profile().toMap()));
        log.info("partition {}: {} rows, {} bytes in {}; {} s in all, of which history scan {}, other Base B reads {}, Base C {}, rows {},"
                        + " sort, encode and upload {}", index, file.rows(), file.bytes(), file.key(), seconds(System.nanoTime() - stepStarted),
                seconds(historyNanos), seconds(baseBNanos), seconds(baseCNanos), seconds(rowsNanos), seconds(System.nanoTime() - started));
    }

    private void closeCursors() {
        if (scan != null) {
            scan.close();
        }
        if (ratings != null) {
            ratings.close();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        closeCursors();
        if (sorter != null) {
            sorter.close();
        }
        return null;
    }

    private static String seconds(long nanos) {
        return String.format("%.2f", nanos / 1e9);
    }

    static Path tempDir(ExportProperties properties, RunLayout layout, int index) {
        return properties.tempDir().resolve(layout.runId() + "-" + index);
    }
}
