package io.consumidor.jobs.mlexport.consistency;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.logs.FeatureLogs;
import io.consumidor.features.rows.Pseudonyms;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.DatasetSchema;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.parquet.DatasetFileReader;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code featureConsistency}'s one step: for each dataset, the day's committed batches of logged lookups
 * ({@link FeatureLogs}; a batch without {@code _SUCCESS} is not read), each lookup recomputed offline as of its own
 * instant ({@link OfflineFeatures}) and compared value by value ({@link FeatureComparison}); the report
 * ({@link ConsistencyReport}) is written next to the logs, logged, and published as metrics. A logged row names its
 * consumer by the dataset's pseudonym only, so the subjects are found by pseudonymising Base B's subjects under the
 * dataset's key (one pass of the profile ids, the sampled pseudonyms held in memory). Idempotent: a rerun writes the
 * same report over the last.
 */
class ConsistencyCheck implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ConsistencyCheck.class);
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The settings of one run. */
    record Settings(String prefix, Duration indexingLag, int examples, Path tempDir, int retentionDays) {
    }

    private final List<Dataset> datasets;
    private final PseudonymKeys keys;
    private final DatasetStore store;
    private final MongoDatabase database;
    private final OfflineFeatures offline;
    private final ConsistencyMetrics metrics;
    private final Settings settings;
    private final LocalDate date;
    private final Clock clock;

    ConsistencyCheck(List<Dataset> datasets, PseudonymKeys keys, DatasetStore store, MongoDatabase database, OfflineFeatures offline,
                     ConsistencyMetrics metrics, Settings settings, LocalDate date, Clock clock) {
        this.datasets = datasets;
        this.keys = keys;
        this.store = store;
        this.database = database;
        this.offline = offline;
        this.metrics = metrics;
        this.settings = settings;
        this.date = date;
        this.clock = clock;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        for (Dataset dataset : datasets) {
            ConsistencyReport report = check(dataset, contribution);
            String key = FeatureLogs.day(settings.prefix(), dataset.name(), date) + FeatureLogs.REPORT;
            store.put(key, JSON.writeValueAsBytes(report), "application/json");
            metrics.publish(report);
            log.info("feature consistency of {} on {}: {} lookup(s) in {} batch(es), {} compared, match rate {}, {} skewed value(s),"
                            + " accepted {}, {} not found, {} of another definition; report {}", dataset.name(), date, report.lookups(),
                    report.batches(), report.compared(), report.matchRate() == null ? "n/a" : String.format("%.4f", report.matchRate()),
                    report.skew(), report.accepted(), report.notFound(), report.otherDefinition(), key);
            retain(dataset);
        }
        return RepeatStatus.FINISHED;
    }

    /** Deletes the dataset's logged lookups and reports of days more than {@code retentionDays} before the day checked. */
    private void retain(Dataset dataset) {
        LocalDate oldest = date.minusDays(settings.retentionDays());
        String datasetPrefix = settings.prefix() + "/" + dataset.name() + "/date=";
        long deleted = 0;
        for (S3Object object : store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(datasetPrefix)).contents()) {
            String rest = object.key().substring(datasetPrefix.length());
            int slash = rest.indexOf('/');
            try {
                if (slash > 0 && LocalDate.parse(rest.substring(0, slash)).isBefore(oldest)) {
                    store.delete(object.key());
                    deleted++;
                }
            } catch (java.time.format.DateTimeParseException e) {
                // not a day of logs: left alone
            }
        }
        if (deleted > 0) {
            log.info("feature logs of {} before {}: {} object(s) deleted (retention {} days)", dataset.name(), oldest, deleted, settings.retentionDays());
        }
    }

    private ConsistencyReport check(Dataset dataset, StepContribution contribution) throws IOException {
        List<Column> served = FeatureLogs.served(dataset);
        DatasetSchema schema = dataset.schema();
        ConsistencyReport.Tally tally = new ConsistencyReport.Tally(dataset.name(), date, dataset.definitionHash(),
                served.stream().map(Column::name).toList(), settings.examples());
        List<String> batches = committedBatches(dataset);
        if (batches.isEmpty()) {
            return tally.report(clock.instant());
        }
        byte[] key = keys.key(dataset.pseudonymKeyId());
        Path dir = Files.createDirectories(settings.tempDir().resolve("consistency-" + UUID.randomUUID()));
        try {
            List<Path> files = new ArrayList<>();
            for (String batch : batches) {
                Path file = dir.resolve(files.size() + ".parquet");
                store.download(batch + FeatureLogs.PART, file);
                files.add(file);
                tally.batch();
            }
            Map<String, String> subjects = subjects(dataset, key, pseudonyms(files));
            int[] offlineIndex = served.stream().mapToInt(c -> schema.indexOf(c.name())).toArray();
            for (Path file : files) {
                try (DatasetFileReader reader = new DatasetFileReader(file)) {
                    while (reader.hasNext()) {
                        Object[] row = reader.next();
                        contribution.incrementReadCount();
                        compare(dataset, key, served, offlineIndex, subjects, row, tally);
                    }
                }
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return tally.report(clock.instant());
    }

    private void compare(Dataset dataset, byte[] key, List<Column> served, int[] offlineIndex, Map<String, String> subjects, Object[] row,
                         ConsistencyReport.Tally tally) {
        tally.lookup();
        String pseudonym = (String) row[0];
        Instant at = (Instant) row[1];
        if (!dataset.definitionHash().equals(row[2])) {
            tally.otherDefinition();
            return;
        }
        String subject = subjects.get(pseudonym);
        Optional<SubjectRows.Features> computed = subject == null ? Optional.empty() : offline.at(dataset, key, subject, at, at);
        if (computed.isEmpty()) {
            tally.notFound();
            return;
        }
        Set<String> unavailable = row[4] == null ? Set.of() : new HashSet<>(Arrays.asList(((String) row[4]).split(",")));
        tally.compared(java.util.Objects.equals(row[3], FeatureLogs.population(computed.get().exclusion())));
        tally.lateEvents(offline.arrivedAfter(subject, at));
        Object[] offlineRow = computed.get().row();
        Object[] lagged = null;
        for (int j = 0; j < served.size(); j++) {
            Column column = served.get(j);
            Object online = row[FeatureLogs.HEAD + j];
            Object value = offlineRow[offlineIndex[j]];
            boolean readsBaseC = Dataset.readsBaseC(column);
            if (readsBaseC && lagged == null && !unavailable.contains(column.name()) && !FeatureComparison.same(online, value)) {
                // only when a Base C value differs: the offline row without what was indexed in the lag before the lookup
                lagged = offline.at(dataset, key, subject, at, at.minus(settings.indexingLag())).map(SubjectRows.Features::row).orElse(offlineRow);
            }
            FeatureComparison.Outcome outcome = FeatureComparison.compare(online, value, lagged == null ? value : lagged[offlineIndex[j]],
                    readsBaseC, unavailable.contains(column.name()));
            tally.value(pseudonym, at, column.name(), outcome, online, value);
        }
    }

    /** The day's batch directories that carry {@code _SUCCESS}, in key (= time) order. */
    private List<String> committedBatches(Dataset dataset) {
        String day = FeatureLogs.day(settings.prefix(), dataset.name(), date);
        List<String> batches = new ArrayList<>();
        for (S3Object object : store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(day)).contents()) {
            if (object.key().endsWith("/" + FeatureLogs.SUCCESS)) {
                batches.add(object.key().substring(0, object.key().length() - FeatureLogs.SUCCESS.length()));
            }
        }
        batches.sort(null);
        return batches;
    }

    private static Set<String> pseudonyms(List<Path> files) {
        Set<String> pseudonyms = new HashSet<>();
        for (Path file : files) {
            try (DatasetFileReader reader = new DatasetFileReader(file)) {
                while (reader.hasNext()) {
                    pseudonyms.add((String) reader.next()[0]);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pseudonyms;
    }

    /** Pseudonym → subject for the logged pseudonyms: one pass over Base B's profile ids under the dataset's key. */
    private Map<String, String> subjects(Dataset dataset, byte[] key, Set<String> wanted) {
        Pseudonyms pseudonyms = new Pseudonyms(key, dataset.name());
        Map<String, String> subjects = new HashMap<>();
        for (Document doc : database.getCollection(BaseBCollections.PROFILES).find().projection(Projections.include("_id"))) {
            String subject = doc.get("_id").toString();
            String pseudonym = pseudonyms.of(subject);
            if (wanted.contains(pseudonym)) {
                subjects.put(pseudonym, subject);
                if (subjects.size() == wanted.size()) {
                    break;
                }
            }
        }
        return subjects;
    }

    static String json(ConsistencyReport report) {
        return new String(JSON.writeValueAsBytes(report), StandardCharsets.UTF_8);
    }
}
