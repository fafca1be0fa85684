package io.consumidor.jobs.mlexport.consistency;

import io.consumidor.batchsupport.JobOwner;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.jobs.mlexport.job.ExportSources;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import io.consumidor.scorecard.Scorecard;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** {@code featureConsistency}: one tasklet step ({@link ConsistencyCheck}) over the export's stores, keys and definitions. */
@Configuration(proxyBeanMethods = false)
public class ConsistencyConfiguration {

    @Bean
    ConsistencyLaunch consistencyLaunch(Datasets datasets) {
        return new ConsistencyLaunch(datasets);
    }

    @Bean
    ConsistencyMetrics consistencyMetrics(ObjectProvider<MeterRegistry> meters) {
        return new ConsistencyMetrics(meters);
    }

    @Bean
    FeaturesCli featuresCli(DatasetStore store, ExportProperties properties, Datasets datasets) {
        return new FeaturesCli(store, properties.consistency().logsPrefix(), datasets, System.out);
    }

    @Bean
    Job featureConsistency(JobRepository jobs, Step featureConsistencyCheck) {
        return new JobBuilder(ConsistencyLaunch.JOB, jobs).listener(new JobOwner(jobs)).start(featureConsistencyCheck).build();
    }

    @Bean
    Step featureConsistencyCheck(JobRepository jobs, PlatformTransactionManager transactions, ConsistencyCheck consistencyCheck) {
        return new StepBuilder("featureConsistencyCheck", jobs).tasklet(consistencyCheck, transactions).build();
    }

    @Bean
    @StepScope
    ConsistencyCheck consistencyCheck(Datasets datasets, PseudonymKeys keys, DatasetStore store, ExportSources sources,
                                      Scorecard scorecard, ConsistencyMetrics metrics, ExportProperties properties, Clock clock,
                                      @Value("#{jobParameters['" + ConsistencyLaunch.DATE + "']}") LocalDate date,
                                      @Value("#{jobParameters['" + ConsistencyLaunch.DATASET + "']}") String dataset) {
        ExportProperties.Consistency settings = properties.consistency();
        return new ConsistencyCheck(dataset == null ? datasets.all() : List.of(datasets.find(dataset).orElseThrow()), keys, store, sources.database(),
                new OfflineFeatures(sources.database(), sources.activity(), scorecard), metrics,
                new ConsistencyCheck.Settings(settings.logsPrefix(), settings.indexingLag(), settings.examples(), properties.tempDir(),
                        settings.logRetentionDays()), date, clock);
    }
}
