package io.consumidor.ingest.queue;

import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.autoconfigure.sqs.SqsProperties;
import io.consumidor.apisecurity.BearerTokens;
import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.audit.AuditLog;
import io.consumidor.ingest.consumer.ConsumerService;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Base A's queue worker, beside the REST API it mirrors (so not in the command modes — re-encryption, replay —
 * which run without a web server). Off with {@code consumidor.ingest.queue.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(prefix = "consumidor.ingest.queue", name = "enabled", havingValue = "true", matchIfMissing = true)
class QueueWorkerConfiguration {

    /**
     * The workers' receives and replies block their own threads anyway, so they go through a synchronous client:
     * the socket's answer wakes the worker directly. Through the app's {@code SqsAsyncClient} each call crossed
     * three threads (worker, Netty event loop, the SDK's completion pool), and on two busy cores a reply send took
     * 25 ms against 5 ms for the same call made synchronously (see BENCHMARKS.md). Same endpoint, region and
     * credentials as the async client ({@code spring.cloud.aws.sqs.*}); a connection per worker and some to spare.
     */
    @Bean(destroyMethod = "close")
    SqsClient queueWorkerSqs(AwsClientBuilderConfigurer aws, SqsProperties sqs, ObjectProvider<AwsConnectionDetails> connection,
                             QueueWorkerProperties properties) {
        return aws.configureSyncClient(SqsClient.builder(), sqs, connection.getIfAvailable(), Stream.empty(), Stream.empty())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(properties.workers() + 4)
                        // above the receives' 5 s long poll
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @Bean(destroyMethod = "close")
    S3Client queuePayloadS3(QueueWorkerProperties properties) {
        QueueWorkerProperties.S3 s3 = properties.s3();
        return new S3Connection(s3.endpoint(), s3.region(), s3.pathStyle(), s3.accessKeyId(), s3.secretAccessKey(), s3.timeout()).client();
    }

    @Bean
    PayloadStore payloadStore(S3Client queuePayloadS3, QueueWorkerProperties properties) {
        return new PayloadStore(queuePayloadS3, properties.s3().bucket());
    }

    @Bean
    AnsweredRequests answeredRequests(JdbcClient jdbc) {
        return new AnsweredRequests(jdbc);
    }

    @Bean
    TokenClaims tokenClaims(JdbcClient jdbc) {
        return new TokenClaims(jdbc);
    }

    @Bean
    RequestPoller requestPoller(SqsClient queueWorkerSqs, SqsAsyncClient sqs, TokenClaims claims, ConsumerService consumers,
                                AnsweredRequests answered, PayloadStore payloads, AuditLog audit, QueueWorkerProperties properties,
                                IngestProperties ingest, MeterRegistry meterRegistry) {
        RequestHandler handler = new RequestHandler(queueTokens(ingest, properties), claims, consumers, answered, payloads, new Replies(queueWorkerSqs),
                audit, WorkerKeys.load(properties, ingest.keys()), BaseAQueue.replyQueues(properties.namespace()), properties,
                new QueueMeters(meterRegistry), java.time.Clock.systemUTC());
        return new RequestPoller(queueWorkerSqs, sqs, handler, properties);
    }

    /**
     * The REST API's trust (issuer, keys) with the queue's own audience, for tokens that name their id and issue time
     * and live at most {@code max-token-lifetime}: each is claimed for one request ({@link TokenClaims}). Not a bean:
     * the REST API's resource server takes the one {@code JwtDecoder} bean there is.
     */
    private static JwtDecoder queueTokens(IngestProperties ingest, QueueWorkerProperties properties) {
        IngestProperties.Jwt jwt = ingest.jwt();
        return BearerTokens.oneTime(new BearerTokens.Trust(jwt.issuer(), properties.tokenAudience(), jwt.publicKeyLocation(), jwt.jwkSetUri()),
                "consumidor.ingest.jwt", properties.maxTokenLifetime());
    }

    @Bean
    ReplyQueueReaper replyQueueReaper(SqsAsyncClient sqs, QueueWorkerProperties properties) {
        return new ReplyQueueReaper(sqs, properties.namespace(), properties.replyQueueIdle(), java.time.Clock.systemUTC());
    }

    @Bean
    PayloadSweeper payloadSweeper(PayloadStore payloads, AnsweredRequests answered, TokenClaims claims, QueueWorkerProperties properties) {
        return new PayloadSweeper(payloads, answered, claims, properties.payloadRetention());
    }
}
