package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.testsupport.CuttableProxy;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3 going away in the middle of an upload — after the multipart upload was created, at its first part: the
 * run fails with a message naming the object and the cause, leaves no {@code _SUCCESS}, and the incomplete
 * upload it could not abort (S3 was down) is aborted by the restart, which then completes the one dataset.
 * The export reaches S3Proxy through a proxy the test cuts; other tests' S3 is untouched.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = {
        "consumidor.export.s3.prefix=it-outage-${random.uuid}",
        "spring.mongodb.uri=${MONGODB_URI}_export_outage", "spring.data.mongodb.uri=${MONGODB_URI}_export_outage"})
class S3OutageIT {

    private static final URI S3 = URI.create(TestStack.env().s3Endpoint());
    private static final CuttableProxy PROXY = new CuttableProxy(S3.getHost(), S3.getPort());

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("consumidor.export.s3.endpoint", () -> "http://127.0.0.1:" + PROXY.port());
    }

    @Autowired JobOperator operator;
    @Autowired Job mlTrainingExport;
    @Autowired MongoTemplate mongo;
    @Autowired ElasticsearchClient elasticsearch;
    @Autowired BaseCIndices indices;
    @Autowired DatasetStore store;
    @Autowired Datasets datasets;

    @AfterAll
    static void cleanUp(@Autowired MongoTemplate mongo) {
        mongo.getDb().drop();
        PROXY.close();
    }

    @Test
    void s3DownMidUploadFailsClearlyAndTheRestartAbortsTheOrphanAndCompletes() throws Exception {
        MongoDatabase db = mongo.getDb();
        db.drop();
        IndexTemplates.dropNamespace(elasticsearch, indices);
        Timeline timeline = new Timeline(db, elasticsearch, indices);
        Instant known = Instant.parse("2026-01-10T12:00:00Z");
        for (int i = 0; i < 40; i++) {
            timeline.fact("test_s%03d".formatted(i), ProfileGroup.PERSONAL, new PersonalFacts(1970 + i, "SP", List.of(), List.of()), known, known);
        }
        timeline.write();
        LocalDate snapshot = LocalDate.of(2026, 2, 1);
        JobParameters parameters = new ExportLaunch(datasets).parameters(Map.of(ExportLaunch.DATASET, "credit-scoring",
                ExportLaunch.SNAPSHOT_DATE, snapshot.toString(), ExportLaunch.RUN, UUID.randomUUID().toString()), Clock.systemUTC());

        PROXY.cutWhenRequestContains("partNumber=");
        JobExecution failed = operator.start(mlTrainingExport, parameters);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(PROXY.cuts()).isEqualTo(1);
        assertThat(failed.getAllFailureExceptions()).isNotEmpty().anySatisfy(e -> assertThat(e.getMessage())
                .contains("uploading part 1 of s3://" + store.bucket() + "/" + store.prefix() + "/credit-scoring/snapshot_date=2026-02-01/run=")
                .contains("part-0000"));
        PROXY.restore();
        assertThat(store.runs("credit-scoring")).as("no object of the failed run: no part completed, no manifest, no _SUCCESS").isEmpty();
        String runPrefix = store.prefix() + "/credit-scoring/";
        assertThat(store.incompleteUploads(runPrefix)).as("S3 was down: the failed part's upload could not be aborted").isNotEmpty();

        JobExecution restarted = operator.start(mlTrainingExport, parameters);
        assertThat(restarted.getStatus()).as(restarted.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(store.incompleteUploads(runPrefix)).as("no orphaned multipart upload after the restart").isEmpty();
        assertThat(store.runs("credit-scoring")).singleElement().satisfies(run -> {
            assertThat(run.complete()).isTrue();
            assertThat(run.runId()).isEqualTo(failed.getExecutionContext().getString("export.runId"));
        });
        try (DuckDbReader duckdb = new DuckDbReader(store, store.runs("credit-scoring").get(0).objects().keySet().stream()
                .filter(name -> name.endsWith(".parquet")).map(name -> store.runs("credit-scoring").get(0).layout(store.prefix()).runPrefix() + name).toList())) {
            assertThat(((Number) duckdb.scalar("SELECT count(DISTINCT pseudonym) FROM $files")).intValue()).isEqualTo(40);
            assertThat(((Number) duckdb.scalar("SELECT count(*) FROM $files")).intValue()).isEqualTo(40);
        }
    }
}
