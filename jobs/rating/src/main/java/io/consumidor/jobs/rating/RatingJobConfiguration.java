package io.consumidor.jobs.rating;

import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.BaseBIndexes;
import io.consumidor.baseb.profile.MalformedProfileException;
import io.consumidor.batchsupport.JobOwner;
import io.consumidor.batchsupport.SubjectRangePartitioner;
import io.consumidor.batchsupport.partition.PartitionSteps;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.batchsupport.DeploymentProperties;
import io.consumidor.batchsupport.JobSupportConfiguration;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.core.time.Days;
import io.consumidor.core.wire.Namespace;
import io.consumidor.scorecard.Scorecard;
import io.consumidor.scorecard.ScorecardConfiguration;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;

/**
 * {@code ratingRecompute}: a manager step splits the profiles into subject ranges; each range is a
 * fault-tolerant chunk step (read a page of profiles → score → bulk-write ratings and history) on its own
 * local thread, or on a worker process when partitioning is remote ({@link PartitionSteps}). Parameters: {@code mode} = {@code full} | {@code incremental} and {@code runDate}
 * (yyyy-MM-dd, the rating date), both identifying — so one (mode, date) runs once, and a failed or killed run
 * is restarted, not repeated.
 *
 * <p>Step implementation: the classic {@code chunk(size, transactionManager).faultTolerant()} (TaskletStep),
 * not Spring Batch 6's new {@code ChunkOrientedStep}, whose 6.0.4 release has reported problems exactly
 * where this job needs certainty — skips and restarts. {@code RatingJobIT} pins the behaviour relied on.
 *
 * <p>The whole job as a library: an app runs it by importing this configuration (the job host, the scheduler).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RatingJobProperties.class)
@Import({JobSupportConfiguration.class, ScorecardConfiguration.class})
public class RatingJobConfiguration {

    @Bean
    Job ratingRecompute(JobRepository jobs, Step ratingPreflight, Step ratingPartitions, WatermarkListener watermark) {
        return new JobBuilder(RatingJobParameters.JOB, jobs).validator(new RatingJobParameters.Validator()).listener(new JobOwner(jobs)).listener(watermark)
                .start(ratingPreflight).next(ratingPartitions).build();
    }

    /** Checked again on every restart: the profiles may have gone since the first attempt. */
    @Bean
    Step ratingPreflight(JobRepository jobs, PlatformTransactionManager transactions, MongoTemplate mongo, RatingJobProperties properties) {
        return new StepBuilder("ratingPreflight", jobs).tasklet(new RatingPreflight(mongo.getDb(), properties.maxProfileDrop()), transactions)
                .allowStartIfComplete(true).build();
    }

    @Bean
    RatingLaunch ratingLaunch(MongoTemplate mongo, RatingJobProperties properties) {
        return new RatingLaunch(mongo, properties.zone());
    }

    @Bean
    WatermarkListener watermarkListener(JdbcClient jdbc, JobRepository jobs) {
        return new WatermarkListener(jdbc, jobs);
    }

    @Bean
    Step ratingPartitions(PartitionSteps partitions, Step ratingWorker, MongoTemplate mongo, RatingJobProperties properties) {
        BaseBIndexes.ensure(mongo.getDb());
        return partitions.manager("ratingPartitions", ratingWorker, new SubjectRangePartitioner(mongo.getDb().getCollection(BaseBCollections.PROFILES)),
                properties.gridSize(), properties.gridSize());
    }

    @Bean
    Step ratingWorker(JobRepository jobs, PlatformTransactionManager transactions, ProfileReader profileReader,
                      RatingProcessor ratingProcessor, RatingWriter ratingWriter, SkipRecorder skipRecorder,
                      RatingJobProperties properties) {
        return new StepBuilder("ratingWorker", jobs)
                .<RatingCandidate, ScoredProfile>chunk(properties.chunkSize(), transactions)
                .reader(profileReader).processor(ratingProcessor).writer(ratingWriter)
                .faultTolerant().skip(MalformedProfileException.class).skipLimit(properties.skipLimit())
                // Scoring is a pure function: on a rolled-back chunk, reuse the results instead of recomputing.
                .processorNonTransactional()
                .listener(skipRecorder)
                .build();
    }

    @Bean
    @StepScope
    ProfileReader profileReader(MongoTemplate mongo, ElasticsearchClient elasticsearch, DeploymentProperties deployment, RatingJobProperties properties,
                                @Value("#{jobParameters['" + RatingJobParameters.RUN_DATE + "']}") LocalDate runDate,
                                @Value("#{stepExecutionContext['" + SubjectRangePartitioner.FROM + "']}") String from,
                                @Value("#{stepExecutionContext['" + SubjectRangePartitioner.TO + "']}") String to,
                                @Value("#{jobExecutionContext['" + WatermarkListener.WATERMARK + "']}") Long watermark) {
        // Base C's one reader of activity windows, the export's too; built here, so no job shares another's bean.
        ActivitySummaries activity = new ActivitySummaries(elasticsearch, BaseCIndices.of(Namespace.of(deployment.namespace())));
        return new ProfileReader(mongo.getDb().getCollection(BaseBCollections.PROFILES), activity,
                Days.endOf(runDate, properties.zone()), from, to,
                watermark == null ? null : new Date(watermark), properties.chunkSize());
    }

    @Bean
    @StepScope
    RatingProcessor ratingProcessor(Scorecard scorecard, @Value("#{jobParameters['" + RatingJobParameters.RUN_DATE + "']}") LocalDate runDate) {
        return new RatingProcessor(scorecard, runDate);
    }

    @Bean
    @StepScope
    RatingWriter ratingWriter(MongoTemplate mongo, @Value("#{jobParameters['" + RatingJobParameters.RUN_DATE + "']}") LocalDate runDate,
                              @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long instance) {
        return new RatingWriter(mongo.getDb(), RatingJobParameters.JOB + "#" + instance, runDate, Clock.systemUTC());
    }

    @Bean
    @StepScope
    SkipRecorder skipRecorder(MongoTemplate mongo, @Value("#{stepExecution.jobExecution.jobInstance.instanceId}") Long instance) {
        return new SkipRecorder(mongo.getDb(), RatingJobParameters.JOB + "#" + instance);
    }
}
