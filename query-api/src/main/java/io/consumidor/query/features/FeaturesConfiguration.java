package io.consumidor.query.features;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.aws.S3Connection;
import io.consumidor.basec.ActivitySummaries;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.features.dataset.DatasetsConfiguration;
import io.consumidor.parquet.FeatureLogBatches;
import io.consumidor.query.QueryProperties;
import io.consumidor.scorecard.ScorecardConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;

/**
 * The online features' parts: the dataset definitions and pseudonym keys the export uses (the same
 * {@code datasets.yml}, {@code pseudonym-keys.yml} and {@code scorecard.yml}, imported by the application's
 * settings), Base C's measures, and the lookup log's S3 client and buffer.
 */
@Configuration(proxyBeanMethods = false)
@Import({DatasetsConfiguration.class, ScorecardConfiguration.class})
class FeaturesConfiguration {

    @Bean
    ActivitySummaries activitySummaries(ElasticsearchClient elasticsearch, BaseCIndices indices) {
        return new ActivitySummaries(elasticsearch, indices);
    }

    @Bean(destroyMethod = "close")
    S3Client featureLogS3(QueryProperties properties) {
        QueryProperties.S3 s3 = properties.features().log().s3();
        return new S3Connection(s3.endpoint(), s3.region(), s3.pathStyle(), s3.accessKeyId(), s3.secretAccessKey(), Duration.ofSeconds(30)).client();
    }

    @Bean(destroyMethod = "close")
    FeatureLog featureLog(S3Client featureLogS3, QueryProperties properties, MeterRegistry meters, Clock clock) {
        QueryProperties.FeatureLog settings = properties.features().log();
        return new FeatureLog(new FeatureLogBatches(featureLogS3, settings.s3().bucket(), settings.s3().prefix(), clock),
                settings.flushInterval(), settings.batchRows(), settings.maxBufferedRows(), meters);
    }
}
