package io.consumidor.jobs.rating.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.fixtures.TestProfiles;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.baseb.rating.RatingCodec;
import io.consumidor.baseb.rating.RatingRecord;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.EventFields;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.jobs.rating.RatingTestApplication;
import io.consumidor.jobs.rating.RatingJobParameters;
import io.consumidor.core.event.EventType;
import io.consumidor.core.time.Days;
import io.consumidor.core.wire.Namespace;
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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Not a test: {@code ./pipeline bench ratings [profiles]}. Runs {@code ratingRecompute} (full) over 10,000
 * and then N (default 100,000) profiles, a quarter of them with recent bureau queries in Base C, reporting
 * profiles/s and the JVM's peak heap for each, and, on the N profiles, a raw pass of the same server: read
 * every profile through one cursor and bulk-write a rating document of the same shape per profile
 * (unordered, 500 per request — the job's chunk size); next to it, the raw rate of the job's one Base C
 * aggregation per 500 subjects. Its own MongoDB database and Elasticsearch namespace, removed at the end.
 */
public final class RatingBenchmark {

    private static final int CHUNK = 500;
    /** The job's default partitions (consumidor.batch.rating.grid-size). */
    private static final int GRID = 4;

    public static void main(String[] args) throws Exception {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String database = "rating_bench_" + suffix;
        String uri = TestStack.env().mongoUri().replaceAll("/[^/]*$", "") + "/" + database;
        Namespace namespace = Namespace.of("rb" + suffix.replace("-", ""));
        SpringApplication application = new SpringApplication(RatingTestApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        int status = 0;
        try (ConfigurableApplicationContext context = application.run("--spring.mongodb.uri=" + uri,
                "--spring.data.mongodb.uri=" + uri, "--consumidor.batch.rating.chunk-size=" + CHUNK,
                "--consumidor.namespace=" + namespace.value())) {
            MongoDatabase db = context.getBean(MongoTemplate.class).getDb();
            ElasticsearchClient elasticsearch = context.getBean(ElasticsearchClient.class);
            BaseCIndices indices = BaseCIndices.of(namespace);
            IndexTemplates.apply(elasticsearch, indices);
            JobOperator operator = context.getBean(JobOperator.class);
            Job job = context.getBean("ratingRecompute", Job.class);
            System.out.printf("Rating benchmark: %d and %d profiles, MongoDB-wire server, Elasticsearch and PostgreSQL of the local stack (2 cores)%n",
                    10_000, large);
            try {
                // Warm, as a job that runs every 15 minutes is: rounds until the JIT compiler has settled (not measured).
                io.consumidor.testsupport.JitWarmUp.untilSettled("ratings", round -> {
                    double[] warm = run(db, elasticsearch, indices, operator, job, 10_000);
                    return String.format("10,000 profiles at %.0f/s", warm[0]);
                });
                double[] small = run(db, elasticsearch, indices, operator, job, 10_000);
                double[] big = run(db, elasticsearch, indices, operator, job, large);
                ActivitySummaries activity = new ActivitySummaries(elasticsearch, indices);
                double sameWork = rawSameWork(db, activity, GRID);
                double raw = raw(db);
                double rawBaseC = rawBaseC(db, activity);
                System.out.println();
                System.out.printf("%-70s %12s %14s%n", "measure", "profiles/s", "live heap MiB");
                System.out.printf("%-70s %12.0f %14.0f%n", "ratingRecompute, 10,000 profiles", small[0], small[1]);
                System.out.printf("%-70s %12.0f %14.0f%n", "ratingRecompute, " + large + " profiles", big[0], big[1]);
                System.out.printf("%-70s %12.0f%n", "raw, the job's store work (" + GRID + " ranges: read, Base C, ratings, history, erasure check)",
                        sameWork);
                System.out.printf("%-70s %12.0f%n", "raw read-all + bulk write, one thread, " + large + " profiles", raw);
                System.out.printf("%-70s %12.0f%n", "raw Base C alone: one bureau-query aggregation per " + CHUNK + " subjects", rawBaseC);
                System.out.printf("%njob vs raw of the same store work: %.0f%% (target ≥ 60%%); vs read-all + bulk write: %.0f%%;"
                        + " peak live heap (after GC) %d → %d profiles: %.0f → %.0f MiB%n", 100 * big[0] / sameWork, 100 * big[0] / raw, 10_000, large,
                        small[1], big[1]);
            } finally {
                db.drop();
                IndexTemplates.dropNamespace(elasticsearch, indices);
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /**
     * Seeds {@code count} profiles — every fourth one with two bureau queries in the last 90 days — runs the job
     * once; returns profiles/s and the peak heap in MiB.
     */
    private static double[] run(MongoDatabase db, ElasticsearchClient elasticsearch, BaseCIndices indices, JobOperator operator, Job job,
                                int count) throws Exception {
        db.drop();
        System.out.printf("seeding %d profiles and their bureau queries (not measured)%n", count);
        List<String> subjects = TestProfiles.insert(db.getCollection(BaseBCollections.PROFILES), count);
        java.time.Instant asOf = Days.endOf(LocalDate.now(), java.time.ZoneId.of(Days.DEFAULT_ZONE));
        List<BulkOperation> queries = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i += 4) {
            for (int q = 1; q <= 2; q++) {
                java.time.Instant at = asOf.minus(java.time.Duration.ofDays(10L * q));
                Map<String, Object> doc = Map.of(EventFields.EVENT_ID, UUID.randomUUID().toString(), EventFields.TYPE,
                        EventType.BUREAU_QUERY.wireName(), EventFields.SUBJECT, subjects.get(i), EventFields.OCCURRED_AT, at.toString(),
                        EventFields.RECORDED_AT, at.toString(), EventFields.PAYLOAD, Map.of("bureau", "serasa", "purpose", "credit"));
                queries.add(BulkOperation.of(b -> b.index(x -> x.index(indices.eventsFor(at)).id((String) doc.get(EventFields.EVENT_ID)).document(doc))));
            }
            if (queries.size() >= 2000) {
                List<BulkOperation> chunk = List.copyOf(queries);
                elasticsearch.bulk(b -> b.operations(chunk));
                queries.clear();
            }
        }
        if (!queries.isEmpty()) {
            elasticsearch.bulk(b -> b.operations(queries));
        }
        elasticsearch.indices().refresh(r -> r.index(indices.events()));
        System.gc();
        LiveHeap live = LiveHeap.watch();
        long start = System.nanoTime();
        JobExecution execution = operator.start(job, RatingJobParameters.of(Map.of("run", UUID.randomUUID().toString()), LocalDate.now()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (execution.getStatus() != BatchStatus.COMPLETED || db.getCollection(BaseBCollections.RATINGS).countDocuments() != count) {
            throw new IllegalStateException("the job did not rate every profile: " + execution.getStatus());
        }
        double peak = live.stop() / (1024.0 * 1024);
        System.out.printf("  %d profiles rated in %.1f s%n", count, seconds);
        return new double[]{count / seconds, peak};
    }

    private static double raw(MongoDatabase db) {
        MongoCollection<Document> ratings = db.getCollection("raw_ratings");
        System.out.println("raw: reading every profile and bulk-writing a rating document each");
        long start = System.nanoTime();
        long done = 0;
        List<WriteModel<Document>> batch = new ArrayList<>(CHUNK);
        try (MongoCursor<Document> cursor = db.getCollection(BaseBCollections.PROFILES).find().sort(Sorts.ascending("_id")).batchSize(CHUNK).iterator()) {
            while (cursor.hasNext()) {
                String subject = cursor.next().getString("_id");
                RatingRecord record = rawRecord(subject);
                batch.add(new ReplaceOneModel<>(Filters.eq("_id", subject), RatingCodec.current(record), new ReplaceOptions().upsert(true)));
                if (batch.size() == CHUNK) {
                    ratings.bulkWrite(batch, new BulkWriteOptions().ordered(false));
                    done += batch.size();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            ratings.bulkWrite(batch, new BulkWriteOptions().ordered(false));
            done += batch.size();
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The stores' side of what the job does, without Spring Batch, scoring or the job repository: {@code grid}
     * threads over as many subject ranges, and per page of {@value #CHUNK} profiles the job's requests — the
     * cursor's page, the Base C aggregation, the current ratings by {@code $in}, the history insert, the ratings
     * bulk write and the erasure look-up — with documents of the job's shape, into collections of their own.
     */
    private static double rawSameWork(MongoDatabase db, ActivitySummaries activity, int grid) throws Exception {
        System.out.println("raw, the job's store work: " + grid + " ranges in parallel, the job's requests per page");
        MongoCollection<Document> profiles = db.getCollection(BaseBCollections.PROFILES);
        List<String> bounds = new ArrayList<>();
        long count = profiles.countDocuments();
        for (int i = 1; i < grid; i++) {
            bounds.add(profiles.find().projection(new Document("_id", 1)).sort(Sorts.ascending("_id")).skip((int) (count * i / grid))
                    .first().getString("_id"));
        }
        MongoCollection<Document> ratings = db.getCollection("raw_same_ratings");
        MongoCollection<Document> history = db.getCollection("raw_same_history");
        io.consumidor.baseb.profile.ProfileStore store = new io.consumidor.baseb.profile.ProfileStore(db);
        java.time.Instant asOf = Days.endOf(LocalDate.now(), java.time.ZoneId.of(Days.DEFAULT_ZONE));
        List<ActivitySummaries.Measure> queries = List.of(new ActivitySummaries.Measure("queries90", EventType.BUREAU_QUERY, null, null, 90, null));
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(grid);
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> ranges = new ArrayList<>();
        for (int r = 0; r < grid; r++) {
            String from = r == 0 ? null : bounds.get(r - 1);
            String to = r == grid - 1 ? null : bounds.get(r);
            ranges.add(threads.submit(() -> {
                List<org.bson.conversions.Bson> terms = new ArrayList<>();
                if (from != null) {
                    terms.add(Filters.gte("_id", from));
                }
                if (to != null) {
                    terms.add(Filters.lt("_id", to));
                }
                terms.add(io.consumidor.baseb.profile.ProfileWrites.live());
                List<Document> page = new ArrayList<>(CHUNK);
                try (MongoCursor<Document> cursor = profiles.find(Filters.and(terms)).sort(Sorts.ascending("_id")).batchSize(CHUNK).iterator()) {
                    while (cursor.hasNext()) {
                        page.add(cursor.next());
                        if (page.size() == CHUNK || !cursor.hasNext()) {
                            List<String> subjects = page.stream().map(d -> d.getString("_id")).toList();
                            activity.summarize(subjects, queries, List.of(), asOf);
                            ratings.find(Filters.in("_id", subjects)).into(new ArrayList<>());
                            List<WriteModel<Document>> historyWrites = new ArrayList<>();
                            List<WriteModel<Document>> ratingWrites = new ArrayList<>();
                            for (String subject : subjects) {
                                RatingRecord record = rawRecord(subject);
                                historyWrites.add(new com.mongodb.client.model.InsertOneModel<>(RatingCodec.history(record)));
                                ratingWrites.add(new ReplaceOneModel<>(Filters.eq("_id", subject), RatingCodec.current(record),
                                        new ReplaceOptions().upsert(true)));
                            }
                            history.bulkWrite(historyWrites, new BulkWriteOptions().ordered(false));
                            ratings.bulkWrite(ratingWrites, new BulkWriteOptions().ordered(false));
                            store.erasures(subjects);
                            done.addAndGet(page.size());
                            page.clear();
                        }
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> range : ranges) {
            range.get();
        }
        threads.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static RatingRecord rawRecord(String subject) {
        return new RatingRecord(subject, 512, "LOW_RISK", List.of(new RatingRecord.Reason("R05", "MONTHLY_INCOME",
                "The declared monthly income is low or unknown.", 35, false)), "consumidor-scorecard-1.1",
                "0123456789abcdef0123456789abcdef", 1, java.time.Instant.now(), LocalDate.now(), "raw",
                Map.of(ProfileGroup.PERSONAL, 1L, ProfileGroup.DEBT_SUMMARY, 1L));
    }

    /** The job's Base C read alone: the subjects in pages of {@value #CHUNK}, one aggregation request each. */
    private static double rawBaseC(MongoDatabase db, ActivitySummaries activity) {
        System.out.println("raw Base C: one bureau-query aggregation per page of subjects");
        java.time.Instant asOf = Days.endOf(LocalDate.now(), java.time.ZoneId.of(Days.DEFAULT_ZONE));
        List<ActivitySummaries.Measure> queries = List.of(new ActivitySummaries.Measure("queries90", EventType.BUREAU_QUERY, null, null, 90, null));
        long start = System.nanoTime();
        long done = 0;
        List<String> page = new ArrayList<>(CHUNK);
        try (MongoCursor<Document> cursor = db.getCollection(BaseBCollections.PROFILES).find()
                .projection(new Document("_id", 1)).sort(Sorts.ascending("_id")).batchSize(CHUNK).iterator()) {
            while (cursor.hasNext()) {
                page.add(cursor.next().getString("_id"));
                if (page.size() == CHUNK || !cursor.hasNext()) {
                    activity.summarize(page, queries, List.of(), asOf);
                    done += page.size();
                    page.clear();
                }
            }
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }
}
