package io.consumidor.jobs.mlexport.job;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.aws.S3Connection;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.BaseBIndexes;
import io.consumidor.baseb.history.ProfileHistory;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.batchsupport.DeploymentProperties;
import io.consumidor.batchsupport.JobOwner;
import io.consumidor.batchsupport.JobSupportConfiguration;
import io.consumidor.core.wire.Namespace;
import io.consumidor.jobs.mlexport.cli.ExportCli;
import io.consumidor.jobs.mlexport.consistency.ConsistencyConfiguration;
import io.consumidor.batchsupport.SubjectRangePartitioner;
import io.consumidor.batchsupport.partition.PartitionSteps;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.jobs.mlexport.erasure.ErasureSweepConfiguration;
import io.consumidor.scorecard.Scorecard;
import io.consumidor.scorecard.ScorecardConfiguration;
import org.springframework.context.annotation.Import;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.dataset.DatasetsConfiguration;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.features.rows.SubjectRows;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.jobs.mlexport.store.RunLayout;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code mlTrainingExport}: a manager step splits the subjects into ranges ({@link SubjectRangePartitioner}),
 * each range is one tasklet step writing one Parquet file ({@link PartitionExport}) on a local thread or a worker
 * process ({@link PartitionSteps}),
 * and a last step commits the run ({@link CommitRun}: manifest, profile, {@code _SUCCESS}). Parameters:
 * {@code dataset} and {@code snapshotDate}, identifying ({@link ExportLaunch}). A failed or killed run is
 * restarted: completed partitions are not run again, the others start over.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportProperties.class)
@Import({JobSupportConfiguration.class, DatasetsConfiguration.class, ErasureSweepConfiguration.class, ConsistencyConfiguration.class,
        ScorecardConfiguration.class})
public class ExportJobConfiguration {

    /** Base C in the deployment's namespace: the export's own, so no job depends on another job's beans. */
    @Bean
    BaseCIndices exportBaseCIndices(DeploymentProperties deployment) {
        return BaseCIndices.of(Namespace.of(deployment.namespace()));
    }

    /** {@code export run|list|show} on the job host's command line. */
    @Bean
    ExportCli exportCli(Datasets datasets, DatasetStore store) {
        return new ExportCli(datasets, store, System.out);
    }

    @Bean(destroyMethod = "close")
    S3Client exportS3(ExportProperties properties) {
        ExportProperties.S3 s3 = properties.s3();
        return new S3Connection(s3.endpoint(), s3.region(), s3.pathStyle(), s3.accessKeyId(), s3.secretAccessKey(), null).client();
    }

    @Bean
    DatasetStore datasetStore(S3Client exportS3, ExportProperties properties) {
        return new DatasetStore(exportS3, properties.s3().bucket(), properties.s3().prefix());
    }

    @Bean
    ExportLaunch exportLaunch(Datasets datasets) {
        return new ExportLaunch(datasets);
    }

    @Bean
    ExportSources exportSources(MongoTemplate mongo, ElasticsearchClient elasticsearch, BaseCIndices exportBaseCIndices) {
        BaseBIndexes.ensure(mongo.getDb());
        return new ExportSources(mongo.getDb(), new ProfileHistory(mongo.getDb()), new ActivitySummaries(elasticsearch, exportBaseCIndices),
                mongo.getDb().getCollection(BaseBCollections.PROFILES));
    }

    @Bean
    ExportRun exportRun(JobRepository jobs, Datasets datasets, DatasetStore store, ElasticsearchClient elasticsearch,
                        BaseCIndices indices, Clock clock, ExportSources sources) {
        return new ExportRun(jobs, datasets, store, elasticsearch, indices, clock, sources.profiles());
    }

    @Bean
    Job mlTrainingExport(JobRepository jobs, Step exportPreflight, Step exportPartitions, Step exportCommit, ExportRun run, Datasets datasets,
                         Clock clock) {
        return new JobBuilder(ExportLaunch.JOB, jobs).validator(new ExportLaunch.Validator(datasets, clock))
                .listener(new JobOwner(jobs)).listener(run)
                .start(exportPreflight).next(exportPartitions).next(exportCommit).build();
    }

    /** Checked again on a restart: the sources may have changed while the run was down. */
    @Bean
    Step exportPreflight(JobRepository jobs, PlatformTransactionManager transactions, ExportRun run, ExportSources sources,
                         ElasticsearchClient elasticsearch, BaseCIndices exportBaseCIndices, DatasetStore store, ExportProperties properties) {
        return new StepBuilder("exportPreflight", jobs).tasklet(new ExportPreflight(run, sources, elasticsearch, exportBaseCIndices, store,
                properties), transactions).allowStartIfComplete(true).build();
    }

    @Bean
    Step exportPartitions(PartitionSteps partitions, Step exportWorker, MongoTemplate mongo, ExportProperties properties) {
        return partitions.manager("exportPartitions", exportWorker, new SubjectRangePartitioner(mongo.getDb().getCollection(BaseBCollections.PROFILES)),
                properties.gridSize(), properties.threads());
    }

    @Bean
    Step exportWorker(JobRepository jobs, PlatformTransactionManager transactions, PartitionExport partitionExport) {
        return new StepBuilder(CommitRun.WORKER, jobs).tasklet(partitionExport, transactions)
                .listener((StepExecutionListener) partitionExport).build();
    }

    @Bean
    Step exportCommit(JobRepository jobs, PlatformTransactionManager transactions, ExportRun run, DatasetStore store,
                      ExportProperties properties, Clock clock) {
        return new StepBuilder("exportCommit", jobs).tasklet(new CommitRun(jobs, run, store, properties, clock), transactions).build();
    }

    @Bean
    @StepScope
    PartitionExport partitionExport(ExportSources sources, Datasets datasets, PseudonymKeys keys, Scorecard scorecard, DatasetStore store,
                                    ExportProperties properties,
                                    @Value("#{jobParameters['" + ExportLaunch.DATASET + "']}") String datasetName,
                                    @Value("#{jobParameters['" + ExportLaunch.SNAPSHOT_DATE + "']}") LocalDate snapshotDate,
                                    @Value("#{jobParameters['" + ExportLaunch.AS_OF + "']}") String asOfParameter,
                                    @Value("#{jobExecutionContext['" + ExportRun.RUN_ID + "']}") String runId,
                                    @Value("#{jobExecutionContext['" + ExportRun.OBSERVED_UNTIL + "']}") Long observedUntil,
                                    @Value("#{jobExecutionContext['" + ExportRun.BASE_C_FROM + "']}") Long baseCFrom,
                                    @Value("#{stepExecution.stepName}") String stepName,
                                    @Value("#{stepExecutionContext['" + SubjectRangePartitioner.FROM + "']}") String from,
                                    @Value("#{stepExecutionContext['" + SubjectRangePartitioner.TO + "']}") String to) {
        Dataset dataset = datasets.find(datasetName).orElseThrow();
        RunLayout layout = ExportRun.layout(store, datasetName, snapshotDate, runId);
        Instant asOf = asOfParameter == null ? ExportLaunch.asOf(dataset, snapshotDate) : Instant.parse(asOfParameter);
        Integer coverageDays = SubjectRows.coverageDays(baseCFrom == null ? null : Instant.ofEpochMilli(baseCFrom), asOf);
        return new PartitionExport(sources, dataset, keys.key(dataset.pseudonymKeyId()), scorecard, store, properties, layout,
                SubjectRangePartitioner.index(stepName), from, to, snapshotDate, asOf, Instant.ofEpochMilli(observedUntil), coverageDays);
    }
}
