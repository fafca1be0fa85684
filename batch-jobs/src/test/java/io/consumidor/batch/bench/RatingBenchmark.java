package io.consumidor.batch.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.consumidor.batch.BatchJobsApplication;
import io.consumidor.batch.rating.RatingJobParameters;
import io.consumidor.testsupport.TestProfiles;
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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Not a test: {@code ./pipeline bench ratings [profiles]}. Runs {@code ratingRecompute} (full) over 10,000
 * and then N (default 100,000) profiles, reporting profiles/s and the JVM's peak heap for each, and, on the
 * N profiles, a raw pass of the same server: read every profile through one cursor and bulk-write a rating
 * document of the same shape per profile (unordered, 500 per request — the job's chunk size).
 */
public final class RatingBenchmark {

    private static final int CHUNK = 500;

    public static void main(String[] args) throws Exception {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String database = "rating_bench_" + UUID.randomUUID().toString().substring(0, 8);
        String uri = TestStack.env().mongoUri().replaceAll("/[^/]*$", "") + "/" + database;
        SpringApplication application = new SpringApplication(BatchJobsApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        int status = 0;
        try (ConfigurableApplicationContext context = application.run("--spring.mongodb.uri=" + uri,
                "--spring.data.mongodb.uri=" + uri, "--consumidor.batch.rating.chunk-size=" + CHUNK)) {
            MongoDatabase db = context.getBean(MongoTemplate.class).getDb();
            JobOperator operator = context.getBean(JobOperator.class);
            Job job = context.getBean("ratingRecompute", Job.class);
            System.out.printf("Rating benchmark: %d and %d profiles, MongoDB-wire server and PostgreSQL of the local stack (2 cores)%n",
                    10_000, large);
            double[] small = run(db, operator, job, 10_000);
            double[] big = run(db, operator, job, large);
            double raw = raw(db);
            db.drop();
            System.out.println();
            System.out.printf("%-52s %12s %14s%n", "measure", "profiles/s", "peak heap MiB");
            System.out.printf("%-52s %12.0f %14.0f%n", "ratingRecompute, 10,000 profiles", small[0], small[1]);
            System.out.printf("%-52s %12.0f %14.0f%n", "ratingRecompute, " + large + " profiles", big[0], big[1]);
            System.out.printf("%-52s %12.0f%n", "raw read-all + bulk write, " + large + " profiles", raw);
            System.out.printf("%njob vs raw: %.0f%% (target ≥ 60%%); peak heap %d → %d profiles: %.0f → %.0f MiB%n",
                    100 * big[0] / raw, 10_000, large, small[1], big[1]);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Seeds {@code count} profiles, runs the job once; returns profiles/s and the peak heap in MiB. */
    private static double[] run(MongoDatabase db, JobOperator operator, Job job, int count) throws Exception {
        db.drop();
        System.out.printf("seeding %d profiles (not measured)%n", count);
        TestProfiles.insert(db.getCollection("profiles"), count);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        JobExecution execution = operator.start(job, RatingJobParameters.of(Map.of("run", UUID.randomUUID().toString()), LocalDate.now()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (execution.getStatus() != BatchStatus.COMPLETED || db.getCollection("ratings").countDocuments() != count) {
            throw new IllegalStateException("the job did not rate every profile: " + execution.getStatus());
        }
        double peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024);
        System.out.printf("  %d profiles rated in %.1f s%n", count, seconds);
        return new double[]{count / seconds, peak};
    }

    private static double raw(MongoDatabase db) {
        MongoCollection<Document> ratings = db.getCollection("raw_ratings");
        System.out.println("raw: reading every profile and bulk-writing a rating document each");
        long start = System.nanoTime();
        long done = 0;
        List<WriteModel<Document>> batch = new ArrayList<>(CHUNK);
        try (MongoCursor<Document> cursor = db.getCollection("profiles").find().sort(Sorts.ascending("_id")).batchSize(CHUNK).iterator()) {
            while (cursor.hasNext()) {
                String subject = cursor.next().getString("_id");
                batch.add(new ReplaceOneModel<>(Filters.eq("_id", subject), new Document("_id", subject).append("subject", subject)
                        .append("score", 512).append("band", "LOW_RISK")
                        .append("reasons", List.of(new Document("code", "R05").append("characteristic", "MONTHLY_INCOME")
                                .append("text", "The declared monthly income is low or unknown.").append("pointsLost", 35).append("missing", false)))
                        .append("modelVersion", "consumidor-scorecard-1.0").append("inputsFingerprint", "0123456789abcdef0123456789abcdef")
                        .append("revision", 1L).append("ratedAt", new Date()), new ReplaceOptions().upsert(true)));
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
}
