package io.consumidor.jobs.mlexport;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.basec.IndexTemplates;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.time.Days;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.jobs.mlexport.job.ExportLaunch;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.Manifest;
import org.junit.jupiter.api.AfterAll;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code incomplete: keep}: a snapshot whose performance window is still open is exported with every row
 * unlabelled — the one that went bad early too, so the labelled part is never a set of only bads — with
 * {@code label_status} open, the months observed so far, and {@code labelComplete: false} in the manifest.
 */
@SpringBootTest(classes = ExportTestApplication.class, properties = {"DATASETS_FILE=classpath:datasets-keep.yml",
        "consumidor.export.s3.prefix=it-open-window-${random.uuid}"})
class ExportOpenWindowIT extends ExportStores {

    private static final ZoneId SP = ZoneId.of("America/Sao_Paulo");
    private static final String DATASET = "credit-default-keep";


    private static DebtSummary open(String amount, LocalDate due) {
        return new DebtSummary(1, new BigDecimal(amount), 0, BigDecimal.ZERO, due, new BigDecimal(amount), 0, 1);
    }

    @Test
    void everyRowOfAnOpenWindowIsKeptUnlabelled() throws Exception {
        MongoDatabase db = emptyStores();
        LocalDate snapshot = LocalDate.now(SP).minusMonths(2).minusDays(5);
        Instant t = Days.endOf(snapshot, SP);
        Instant before = t.minus(Duration.ofDays(40));
        new Timeline(db, elasticsearch, indices)
                // P defaults ten days after T: an early bad, which must not be labelled while the window is open
                .fact("test_p0", ProfileGroup.PERSONAL, new PersonalFacts(1980, "SP", List.of(), List.of()), before, before)
                .fact("test_p0", ProfileGroup.DEBT_SUMMARY, open("500", snapshot.plusDays(5)), before, before)
                .fact("test_p0", ProfileGroup.DEBT_SUMMARY, new DebtSummary(0, BigDecimal.ZERO, 1, new BigDecimal("500"), snapshot.plusDays(5),
                        new BigDecimal("500"), 0, 1), t.plus(Duration.ofDays(10)), t.plus(Duration.ofDays(10)))
                .fact("test_q0", ProfileGroup.PERSONAL, new PersonalFacts(1981, "SP", List.of(), List.of()), before, before)
                .fact("test_q0", ProfileGroup.DEBT_SUMMARY, open("800", snapshot.plusMonths(6)), before, before)
                .write();
        JobExecution execution = operator.start(mlTrainingExport, new ExportLaunch(datasets)
                .parameters(Map.of(ExportLaunch.DATASET, DATASET, ExportLaunch.SNAPSHOT_DATE, snapshot.toString(),
                        ExportLaunch.RUN, "open-" + java.util.UUID.randomUUID()), Clock.systemUTC()));
        assertThat(execution.getStatus()).as(execution.getAllFailureExceptions().toString()).isEqualTo(BatchStatus.COMPLETED);

        DatasetStore.Run run = store.latestComplete(DATASET, snapshot).orElseThrow();
        Manifest manifest = Manifest.fromJson(store.get(run.layout(store.prefix()).manifest()).orElseThrow());
        assertThat(manifest.label().labelComplete()).isFalse();
        assertThat(manifest.label().rate()).isNull();
        assertThat(manifest.label().finalFrom()).isEqualTo(Days.endOf(snapshot.plusMonths(12).plusDays(60), SP));
        assertThat(manifest.totals().rows()).isEqualTo(2);
        try (DuckDbReader duckdb = new DuckDbReader(store, manifest.files().stream().map(Manifest.FileEntry::key).toList())) {
            assertThat(duckdb.rows()).hasSize(2).allSatisfy(row -> {
                assertThat(row.get("label_bad")).isNull();
                assertThat(row.get("label_status")).isEqualTo("open");
                assertThat(row.get("months_observed")).isEqualTo(2);
            });
        }
    }
}
