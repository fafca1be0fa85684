package io.consumidor.jobs.mlexport.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.parquet.LocalFileStream;
import io.consumidor.baseb.BaseBIndexes;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.history.HistoryEntry;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.baseb.profile.Fact;
import io.consumidor.baseb.profile.Profile;
import io.consumidor.baseb.profile.ProfileCodec;
import io.consumidor.baseb.profile.ProfileFields;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventType;
import io.consumidor.core.time.Days;
import io.consumidor.core.wire.Namespace;
import io.consumidor.jobs.mlexport.ExportTestApplication;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.parquet.DatasetFileWriter;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import io.consumidor.testsupport.JitWarmUp;
import io.consumidor.testsupport.LiveHeap;
import io.consumidor.testsupport.TestStack;
import org.bson.Document;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: {@code ./pipeline bench export [subjects]}. Exports {@code credit-scoring} for five snapshot dates
 * over 20,000 and then N (default 200,000) subjects — 100,000 and 1,000,000 rows — reporting rows/s, the live
 * heap (after GC) and the process's peak RSS of each, and next to them, in the same run: a raw scan of the same
 * Base B history documents with the same as-of filter (one cursor per snapshot), and DuckDB writing the same
 * rows to a ZSTD Parquet file on the same two cores ({@code SET threads = 2}) against this module's encoder
 * writing them in two threads. Its own MongoDB database, Elasticsearch namespace and S3 prefix, removed at the end.
 */
public final class ExportBenchmark {

    private static final ZoneId SP = ZoneId.of(Days.DEFAULT_ZONE);
    /** Rows of one partition's file in the memory-plateau phase. */
    private static final List<Long> PLATEAU_ROWS = List.of(1_000_000L, 5_000_000L);
    private static final List<LocalDate> SNAPSHOTS = List.of(LocalDate.of(2026, 1, 31), LocalDate.of(2026, 2, 28),
            LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 30), LocalDate.of(2026, 5, 31));
    private static final String DATASET = "credit-scoring";

    public static void main(String[] args) throws Exception {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int small = large / 10;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String uri = TestStack.env().mongoUri().replaceAll("/[^/]*$", "") + "/export_bench_" + suffix;
        Namespace namespace = Namespace.of("eb" + suffix.replace("-", ""));
        SpringApplication application = new SpringApplication(ExportTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        int status = 0;
        try (ConfigurableApplicationContext context = application.run("--spring.mongodb.uri=" + uri, "--spring.data.mongodb.uri=" + uri,
                "--consumidor.namespace=" + namespace.value(), "--consumidor.export.s3.prefix=bench-" + suffix,
                "--consumidor.export.page-size=1000", "--consumidor.export.sort-run-rows=" + Integer.getInteger("bench.sort-run-rows", 5000),
                "--logging.level.io.consumidor=WARN", "--logging.level.io.consumidor.jobs.mlexport.job.PartitionExport=INFO")) {
            MongoDatabase db = context.getBean(MongoTemplate.class).getDb();
            ElasticsearchClient elasticsearch = context.getBean(ElasticsearchClient.class);
            BaseCIndices indices = BaseCIndices.of(namespace);
            DatasetStore store = context.getBean(DatasetStore.class);
            Datasets datasets = context.getBean(Datasets.class);
            JobOperator operator = context.getBean(JobOperator.class);
            Job job = context.getBean("mlTrainingExport", Job.class);
            System.out.printf("Export benchmark: %s for %d snapshot dates over %d and %d subjects; local stack, 2 cores%n",
                    DATASET, SNAPSHOTS.size(), small, large);
            try {
                IndexTemplates.apply(elasticsearch, indices);
                BaseBIndexes.ensure(db);
                seed(db, elasticsearch, indices, 0, small);
                JitWarmUp.untilSettled("export", round -> {
                    double[] warm = export(operator, job, datasets, List.of(SNAPSHOTS.get(0)));
                    return String.format("%d rows at %.0f rows/s", (long) warm[3], warm[0]);
                });
                double[] few = export(operator, job, datasets, SNAPSHOTS);
                seed(db, elasticsearch, indices, small, large);
                double[] many = export(operator, job, datasets, SNAPSHOTS);
                double raw = rawScan(db, large);
                double rawRanges = rawRangeScans(db, large, context.getBean(io.consumidor.jobs.mlexport.job.ExportProperties.class).gridSize());
                List<Object[]> sample = new ArrayList<>();
                double[] encoding = encodingVsDuckDb(store, datasets.find(DATASET).orElseThrow(), SNAPSHOTS.get(SNAPSHOTS.size() - 1), sample);
                io.consumidor.jobs.mlexport.job.ExportProperties exportProperties = context.getBean(io.consumidor.jobs.mlexport.job.ExportProperties.class);
                var schema = datasets.find(DATASET).orElseThrow().schema();
                double[][] plateau = new double[PLATEAU_ROWS.size()][];
                for (int p = 0; p < PLATEAU_ROWS.size(); p++) {
                    plateau[p] = partitionFile(schema, store, exportProperties, sample, PLATEAU_ROWS.get(p));
                }

                System.out.println();
                System.out.printf("%-72s %12s %10s %10s%n", "measure", "rows/s", "heap MiB", "RSS MiB");
                System.out.printf("%-72s %12.0f %10.0f %10.0f%n", "mlTrainingExport, " + (long) few[3] + " rows (" + small + " subjects x 5)", few[0], few[1], few[2]);
                System.out.printf("%-72s %12.0f %10.0f %10.0f%n", "mlTrainingExport, " + (long) many[3] + " rows (" + large + " subjects x 5)", many[0], many[1], many[2]);
                System.out.printf("%-72s %12.0f%n", "raw Base B scan, same history documents and as-of filter, 1 cursor per snapshot", raw);
                System.out.printf("%-72s %12.0f%n", "raw Base B scan, the job's subject ranges (one cursor each, 2 threads)", rawRanges);
                System.out.printf("%-72s %12.0f%n", "Parquet encoding of " + (long) encoding[2] + " rows, this module's writer, 2 threads", encoding[0]);
                System.out.printf("%-72s %12.0f%n", "DuckDB COPY of the same rows to ZSTD Parquet, threads = 2", encoding[1]);
                for (int p = 0; p < PLATEAU_ROWS.size(); p++) {
                    System.out.printf("%-72s %12.0f %10.0f %10.0f%n", "one partition's file from " + PLATEAU_ROWS.get(p)
                            + " rows (sorter, writer, upload; heap = live set)", plateau[p][0], plateau[p][1], plateau[p][2]);
                }
                double[] first = plateau[0];
                double[] last = plateau[PLATEAU_ROWS.size() - 1];
                System.out.printf("one partition's file, %d → %d rows: live set %.0f → %.0f MiB (%+.0f%%), RSS %.0f → %.0f MiB (%+.0f%%) (target ± 15%%)%n",
                        PLATEAU_ROWS.get(0), PLATEAU_ROWS.get(PLATEAU_ROWS.size() - 1), first[1], last[1], 100 * (last[1] / first[1] - 1),
                        first[2], last[2], 100 * (last[2] / first[2] - 1));
                System.out.printf("%nend to end vs raw scan: %.0f%% (target ≥ 50%%), vs the same range scans: %.0f%%; encoding vs DuckDB: %.0f%% (target ≥ 50%%);"
                                + " live heap %.0f → %.0f MiB (%+.0f%%), RSS %.0f → %.0f MiB (%+.0f%%) for 10x the rows (target ± 15%%)%n",
                        100 * many[0] / raw, 100 * many[0] / rawRanges, 100 * encoding[0] / encoding[1], few[1], many[1], 100 * (many[1] / few[1] - 1),
                        few[2], many[2], 100 * (many[2] / few[2] - 1));
            } finally {
                db.drop();
                IndexTemplates.dropNamespace(elasticsearch, indices);
                for (var object : store.s3().listObjectsV2Paginator(b -> b.bucket(store.bucket()).prefix(store.prefix() + "/")).contents()) {
                    store.delete(object.key());
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Subjects [from, to): a profile and its debt summary known before the first snapshot, every third one's debts
     * changing between snapshots, every second one rated, every tenth one with card purchases and a movement. */
    private static void seed(MongoDatabase db, ElasticsearchClient elasticsearch, BaseCIndices indices, int from, int to) throws Exception {
        System.out.printf("seeding subjects %d..%d (not measured)%n", from, to);
        ProfileHistory history = new ProfileHistory(db);
        Instant known = Instant.parse("2025-12-01T12:00:00Z");
        Instant change = Instant.parse("2026-03-15T12:00:00Z");
        List<HistoryEntry> entries = new ArrayList<>();
        List<Document> profiles = new ArrayList<>();
        List<Document> ratings = new ArrayList<>();
        List<BulkOperation> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Profile p = TestProfiles.profile(TestProfiles.subject(), i);
            String subject = p.subject();
            Fact<?> personal = new Fact<>(p.personal().value(), 2L * i + 1, known, known, UUID.randomUUID().toString());
            Fact<?> debts = new Fact<>(p.debts().value(), 2L * i + 2, known, known, UUID.randomUUID().toString());
            entries.add(new HistoryEntry(subject, ProfileGroup.PERSONAL, personal));
            entries.add(new HistoryEntry(subject, ProfileGroup.DEBT_SUMMARY, debts));
            if (i % 3 == 0) {
                entries.add(new HistoryEntry(subject, ProfileGroup.DEBT_SUMMARY, new Fact<>(TestProfiles.debts(i % 5, 1, 40), 10_000_000L + i,
                        change, change, UUID.randomUUID().toString())));
            }
            profiles.add(ProfileCodec.document(p, known));
            if (i % 2 == 0) {
                ratings.add(RatingCodec.history(new RatingRecord(subject, 300 + i % 700, "B", List.of(new RatingRecord.Reason("R01", "AGE", "t", 5, false)),
                        "scorecard-bench", "f", 1, Instant.parse("2026-01-15T09:00:00Z"), LocalDate.of(2026, 1, 15), "bench", Map.of(ProfileGroup.PERSONAL, 1L))));
            }
            if (i % 10 == 0) {
                for (int e = 0; e < 3; e++) {
                    Instant at = Instant.parse("2026-01-20T12:00:00Z").plusSeconds(3600L * e);
                    Map<String, Object> doc = Map.of(EventFields.EVENT_ID, UUID.randomUUID().toString(),
                            EventFields.TYPE, e < 2 ? EventType.CARD_PURCHASE.wireName() : EventType.FINANCIAL_MOVEMENT.wireName(),
                            EventFields.SUBJECT, subject, EventFields.OCCURRED_AT, at.toString(), EventFields.RECORDED_AT, at.toString(),
                            EventFields.PAYLOAD, e < 2 ? Map.of("amount", 12.5 * (e + 1), "currency", "BRL", "merchantCategory", "5411", "channel", "ONLINE")
                                    : Map.of("amount", 1000.0, "currency", "BRL", "direction", "IN", "kind", "PIX"));
                    events.add(BulkOperation.of(b -> b.index(x -> x.index(indices.eventsFor(at)).id((String) doc.get(EventFields.EVENT_ID)).document(doc))));
                }
            }
            if (profiles.size() == 1000) {
                flush(db, history, entries, profiles, ratings);
            }
            if (events.size() >= 3000) {
                List<BulkOperation> chunk = List.copyOf(events);
                elasticsearch.bulk(b -> b.operations(chunk));
                events.clear();
            }
        }
        flush(db, history, entries, profiles, ratings);
        if (!events.isEmpty()) {
            elasticsearch.bulk(b -> b.operations(events));
        }
        elasticsearch.indices().refresh(r -> r.index(indices.events()));
    }

    private static void flush(MongoDatabase db, ProfileHistory history, List<HistoryEntry> entries, List<Document> profiles, List<Document> ratings) {
        if (!entries.isEmpty() && !history.record(entries).isEmpty()) {
            throw new IllegalStateException("seeding the history failed");
        }
        if (!profiles.isEmpty()) {
            db.getCollection(BaseBCollections.PROFILES).insertMany(profiles);
        }
        if (!ratings.isEmpty()) {
            db.getCollection(BaseBCollections.RATING_HISTORY).insertMany(ratings);
        }
        entries.clear();
        profiles.clear();
        ratings.clear();
    }

    /** Exports the snapshots one after the other; returns rows/s, live heap MiB, peak RSS MiB and rows. */
    private static double[] export(JobOperator operator, Job job, Datasets datasets, List<LocalDate> snapshots) throws Exception {
        LiveHeap heap = LiveHeap.watch();
        Rss rss = Rss.watch();
        long rows = 0;
        long start = System.nanoTime();
        for (LocalDate snapshot : snapshots) {
            JobExecution execution = operator.start(job, new ExportLaunch(datasets).parameters(Map.of(ExportLaunch.DATASET, DATASET,
                    ExportLaunch.SNAPSHOT_DATE, snapshot.toString(), ExportLaunch.RUN, UUID.randomUUID().toString()), Clock.systemUTC()));
            if (execution.getStatus() != BatchStatus.COMPLETED) {
                throw new IllegalStateException("export failed: " + execution.getAllFailureExceptions());
            }
            rows += execution.getStepExecutions().stream().filter(s -> s.getStepName().contains(":")).mapToLong(s -> s.getWriteCount()).sum();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {rows / seconds, heap.stop() / 1048576.0, rss.stop() / 1024.0, rows};
    }

    /** The same as-of reads of Base B the export makes, without anything else: one cursor per snapshot, documents counted. */
    private static double rawScan(MongoDatabase db, int subjects) {
        long start = System.nanoTime();
        long documents = 0;
        for (LocalDate snapshot : SNAPSHOTS) {
            Date asOf = Date.from(Days.endOf(snapshot, SP));
            try (MongoCursor<Document> cursor = db.getCollection(BaseBCollections.PROFILE_HISTORY)
                    .find(Filters.and(Filters.lte("fact." + ProfileFields.OCCURRED_AT, asOf), Filters.lte("fact." + ProfileFields.RECORDED_AT, asOf)))
                    .sort(Sorts.ascending("_id")).batchSize(1000).iterator()) {
                while (cursor.hasNext()) {
                    cursor.next();
                    documents++;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw scan: %d history documents in %.1f s%n", documents, seconds);
        return (double) subjects * SNAPSHOTS.size() / seconds;
    }

    /** The job's Base B reads: the history as of T over the same subject ranges, one cursor per range, two at a time. */
    private static double rawRangeScans(MongoDatabase db, int subjects, int grid) throws Exception {
        var partitions = new io.consumidor.batchsupport.SubjectRangePartitioner(db.getCollection(BaseBCollections.PROFILES)).partition(grid);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        try {
            List<Future<?>> scans = new ArrayList<>();
            for (LocalDate snapshot : SNAPSHOTS) {
                for (var range : partitions.values()) {
                    String from = range.containsKey(io.consumidor.batchsupport.SubjectRangePartitioner.FROM)
                            ? range.getString(io.consumidor.batchsupport.SubjectRangePartitioner.FROM) : null;
                    String to = range.containsKey(io.consumidor.batchsupport.SubjectRangePartitioner.TO)
                            ? range.getString(io.consumidor.batchsupport.SubjectRangePartitioner.TO) : null;
                    scans.add(threads.submit(() -> {
                        try (var scan = new ProfileHistory(db).scan(from, to, Days.endOf(snapshot, SP))) {
                            while (scan.hasNext()) {
                                scan.next();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> scan : scans) {
                scan.get();
            }
        } finally {
            threads.shutdown();
        }
        return (double) subjects * SNAPSHOTS.size() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The write half of one partition at a size no seeded store here reaches (1,000,000 subjects' history do not fit in
     * the MongoDB-wire server's memory): the last snapshot's real rows cycled, each with a fresh pseudonym (the sort
     * key), through the job's sorter, writer and multipart upload. Returns {rows/s, live set MiB, peak RSS MiB}: the
     * live set sampled by a full collection every 2 s ({@link LiveSet}), so the rate here is below the writer's own.
     */
    private static double[] partitionFile(io.consumidor.features.schema.DatasetSchema schema, DatasetStore store,
                                          io.consumidor.jobs.mlexport.job.ExportProperties properties, List<Object[]> sample, long rows)
            throws Exception {
        java.util.concurrent.atomic.AtomicLong made = new java.util.concurrent.atomic.AtomicLong();
        java.util.Random random = new java.util.Random(rows);
        java.util.Iterator<Object[]> cycled = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return made.get() < rows;
            }

            @Override
            public Object[] next() {
                Object[] row = sample.get((int) (made.getAndIncrement() % sample.size())).clone();
                row[0] = String.format("%016x%016x", random.nextLong(), random.nextLong());
                return row;
            }
        };
        String key = store.prefix() + "/plateau/part-" + rows + ".parquet";
        System.gc();
        LiveSet live = LiveSet.watch(2_000);
        Rss rss = Rss.watch();
        long start = System.nanoTime();
        long[] written = io.consumidor.jobs.mlexport.job.PartitionFileAccess.write(schema, store, properties, cycled, key);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] result = {written[0] / seconds, live.stop() / 1048576.0, rss.stop() / 1024.0};
        System.out.printf("one partition's file: %d rows, %d bytes, %d sorted runs spilled, in %.1f s%n", written[0], written[1], written[2], seconds);
        store.delete(key);
        return result;
    }

    /**
     * The rows of the last snapshot's run, read back with DuckDB into memory; then (1) this module's writer encodes
     * them to local ZSTD Parquet files in two threads (half each, as two partitions would) and (2) DuckDB copies the
     * same rows from a table to one ZSTD Parquet file with two threads. Returns both rates and the rows; the
     * first 20,000 rows are added to {@code sample} for the memory phase.
     */
    private static double[] encodingVsDuckDb(DatasetStore store, Dataset dataset, LocalDate snapshot, List<Object[]> sample) throws Exception {
        DatasetStore.Run run = store.latestComplete(dataset.name(), snapshot).orElseThrow();
        Path dir = Files.createTempDirectory("export-bench");
        RunLayout layout = run.layout(store.prefix());
        for (String name : run.objects().keySet().stream().filter(n -> n.endsWith(".parquet")).toList()) {
            Files.write(dir.resolve(name), store.get(layout.runPrefix() + name).orElseThrow());
        }
        List<Object[]> rows = new ArrayList<>();
        var columns = dataset.schema().columns();
        double duckdbRate;
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
            sql.execute("SET threads = 2");
            sql.execute("CREATE TABLE t AS SELECT * FROM read_parquet('" + dir + "/*.parquet')");
            try (ResultSet rs = sql.executeQuery("SELECT * FROM t")) {
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        Object value = rs.getObject(i + 1);
                        row[i] = value == null ? null : switch (columns.get(i).type()) {
                            case DATE -> rs.getObject(i + 1, LocalDate.class);
                            case TIMESTAMP -> rs.getObject(i + 1, OffsetDateTime.class).toInstant();
                            case MONEY -> ((BigDecimal) value).setScale(2);
                            case INT -> ((Number) value).intValue();
                            case LONG -> ((Number) value).longValue();
                            default -> value;
                        };
                    }
                    rows.add(row);
                }
            }
            Path target = dir.resolve("duckdb.zst.parquet");
            long start = System.nanoTime();
            sql.execute("COPY t TO '" + target + "' (FORMAT parquet, COMPRESSION zstd)");
            duckdbRate = rows.size() / ((System.nanoTime() - start) / 1e9);
            System.out.printf("DuckDB wrote %d rows, %d bytes%n", rows.size(), Files.size(target));
        }
        // warm the writer first (not measured), then measure
        encode(dataset, rows, dir, "warm");
        long start = System.nanoTime();
        long bytes = encode(dataset, rows, dir, "measured");
        double ours = rows.size() / ((System.nanoTime() - start) / 1e9);
        System.out.printf("this module's writer wrote %d rows, %d bytes%n", rows.size(), bytes);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
        sample.addAll(rows.subList(0, Math.min(20_000, rows.size())));
        return new double[] {ours, duckdbRate, rows.size()};
    }

    private static long encode(Dataset dataset, List<Object[]> rows, Path dir, String label) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        AtomicLong bytes = new AtomicLong();
        try {
            List<Future<?>> halves = new ArrayList<>();
            int half = rows.size() / 2;
            for (int h = 0; h < 2; h++) {
                List<Object[]> slice = h == 0 ? rows.subList(0, half) : rows.subList(half, rows.size());
                Path file = dir.resolve(label + "-" + h + ".parquet");
                halves.add(threads.submit(() -> {
                    try (LocalFileStream stream = new LocalFileStream(file);
                         DatasetFileWriter writer = new DatasetFileWriter(dataset.schema(), stream, DatasetFileWriter.ROW_GROUP_BYTES, 3)) {
                        for (Object[] row : slice) {
                            writer.write(row);
                        }
                    }
                    bytes.addAndGet(Files.size(file));
                    return null;
                }));
            }
            for (Future<?> future : halves) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        return bytes.get();
    }
}
