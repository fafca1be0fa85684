package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.LatestRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sources that vanished are never exported as truth: an emptied Base B, a snapshot before any data, a Base B that
 * lost most of its profiles since the last run, each refused before a partition runs, naming the source; and a
 * run with fewer rows than the complete run of its snapshot is not committed unless {@code replace=true}.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = {"consumidor.export.s3.prefix=it-coverage-${random.uuid}",
        "consumidor.export.coverage.max-profile-drop=0.5"})
class SourceCoverageIT extends ExportStores {

    private static final String SCORING = "credit-scoring";
    private static final LocalDate D = LocalDate.of(2025, 6, 30);
    private static final Instant KNOWN = Instant.parse("2025-01-10T12:00:00Z");
    private static final List<String> SUBJECTS = List.of("test_s0", "test_s1", "test_s2");


    private MongoDatabase db;

    @BeforeEach
    void clean() throws Exception {
        db = emptyStores();
    }

    private void subjects(boolean baseB) throws Exception {
        Timeline timeline = new Timeline(db, elasticsearch, indices);
        for (String subject : SUBJECTS) {
            if (baseB) {
                timeline.fact(subject, ProfileGroup.PERSONAL, new PersonalFacts(1980, "SP", List.of(), List.of()), KNOWN, KNOWN)
                        .fact(subject, ProfileGroup.DEBT_SUMMARY, new DebtSummary(1, new BigDecimal("500"), 0, BigDecimal.ZERO,
                                LocalDate.of(2026, 1, 1), new BigDecimal("500"), 0, 1), KNOWN, KNOWN);
            }
            timeline.event(subject, EventType.BUREAU_QUERY, KNOWN, KNOWN, Map.of("bureau", "serasa", "purpose", "credit-analysis"));
        }
        timeline.write();
    }

    private JobExecution export(LocalDate snapshot, String run, boolean replace) throws Exception {
        Map<String, String> arguments = new LinkedHashMap<>(Map.of(ExportLaunch.DATASET, SCORING, ExportLaunch.SNAPSHOT_DATE, snapshot.toString(),
                ExportLaunch.RUN, run));
        if (replace) {
            arguments.put(ExportLaunch.REPLACE, "true");
        }
        return operator.start(mlTrainingExport, new ExportLaunch(datasets).parameters(arguments, Clock.systemUTC()));
    }

    private static String failure(JobExecution execution) {
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        return execution.getAllFailureExceptions().toString();
    }

    private void lose(String subject) {
        db.getCollection(BaseBCollections.PROFILES).deleteOne(Filters.eq("_id", subject));
        db.getCollection(BaseBCollections.PROFILE_HISTORY).deleteMany(Filters.eq(BaseBCollections.SUBJECT, subject));
    }

    @Test
    void anEmptiedBaseBIsRefusedNamingIt() throws Exception {
        subjects(false);
        assertThat(failure(export(D, "empty-" + UUID.randomUUID(), false))).contains("Base B holds no profile", "./pipeline replay base-b");
        assertThat(store.runs(SCORING)).isEmpty();
    }

    @Test
    void aSnapshotBeforeAnyDataIsRefused() throws Exception {
        subjects(true);
        assertThat(failure(export(LocalDate.of(2024, 12, 31), "early-" + UUID.randomUUID(), false)))
                .contains("no source held anything by T", "empty run marked complete");
        assertThat(store.runs(SCORING)).isEmpty();
    }

    @Test
    void aBaseBThatLostMostOfItsProfilesSinceTheLastRunIsRefused() throws Exception {
        subjects(true);
        assertThat(export(D, "before-" + UUID.randomUUID(), false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        lose("test_s0");
        lose("test_s1");
        assertThat(failure(export(D.plusDays(1), "after-" + UUID.randomUUID(), false)))
                .contains("Base B holds 1 live profiles, but the newest complete run of credit-scoring saw 3");
        assertThat(store.runs(SCORING)).hasSize(1);
    }

    @Test
    void aRunWithFewerRowsDoesNotSupersedeTheCompleteRunUnlessAsked() throws Exception {
        subjects(true);
        assertThat(export(D, "full-" + UUID.randomUUID(), false).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String full = LatestRuns.read(store, SCORING).orElseThrow().snapshots().get(0).runId();
        lose("test_s0");
        String label = "shrunk-" + UUID.randomUUID();
        assertThat(failure(export(D, label, false))).contains("this run has 2 rows, fewer than the 3 of complete run " + full,
                "replace=true");
        assertThat(store.latestComplete(SCORING, D).orElseThrow().runId()).isEqualTo(full);
        // the same run restarted with replace=true: its partitions are done, only the commit runs again
        JobExecution replaced = export(D, label, true);
        assertThat(replaced.getStatus()).as(replaced.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(replaced.getJobInstance().getInstanceId()).as("a restart, not a new run").isEqualTo(
                store.latestComplete(SCORING, D).map(r -> Long.parseLong(r.runId().substring(r.runId().lastIndexOf('-') + 1))).orElseThrow());
        LatestRuns latest = LatestRuns.read(store, SCORING).orElseThrow();
        assertThat(latest.snapshots().get(0).rows()).isEqualTo(2);
    }
}
