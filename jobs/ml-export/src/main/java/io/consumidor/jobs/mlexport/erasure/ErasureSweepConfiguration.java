package io.consumidor.jobs.mlexport.erasure;

import io.consumidor.baseb.BaseBIndexes;
import io.consumidor.baseb.erasure.ErasureLedger;
import io.consumidor.batchsupport.JobOwner;
import io.consumidor.jobs.mlexport.job.ExportProperties;
import io.consumidor.features.dataset.Datasets;
import io.consumidor.features.keys.PseudonymKeys;
import io.consumidor.jobs.mlexport.store.DatasetStore;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;

/** {@code mlErasureSweep}: one tasklet step ({@link ErasureSweep}) over the datasets and the logged feature lookups; the export's store, keys and settings. */
@Configuration(proxyBeanMethods = false)
public class ErasureSweepConfiguration {

    @Bean
    ErasureSweepLaunch erasureSweepLaunch() {
        return new ErasureSweepLaunch();
    }

    @Bean
    Job mlErasureSweep(JobRepository jobs, Step erasureSweepStep) {
        return new JobBuilder(ErasureSweepLaunch.JOB, jobs).listener(new JobOwner(jobs)).start(erasureSweepStep).build();
    }

    @Bean
    Step erasureSweepStep(JobRepository jobs, PlatformTransactionManager transactions, DatasetStore store, MongoTemplate mongo,
                          PseudonymKeys keys, Datasets datasets, ExportProperties properties, Clock clock) {
        BaseBIndexes.ensure(mongo.getDb());
        FeatureLogSweep logs = new FeatureLogSweep(store, properties.consistency().logsPrefix(), datasets, keys,
                properties.tempDir().resolve("erasure-feature-logs"), clock);
        return new StepBuilder("erasureSweep", jobs)
                .tasklet(new ErasureSweep(store, logs, new ErasureLedger(mongo.getDb()), keys, properties, clock), transactions).build();
    }
}
