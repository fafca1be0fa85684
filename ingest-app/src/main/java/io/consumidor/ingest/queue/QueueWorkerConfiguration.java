package io.consumidor.ingest.queue;

import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.audit.AuditLog;
import io.consumidor.ingest.consumer.ConsumerService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Base A's queue worker, beside the REST API it mirrors (so not in the command modes — re-encryption, replay —
 * which run without a web server). Off with {@code consumidor.ingest.queue.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(prefix = "consumidor.ingest.queue", name = "enabled", havingValue = "true", matchIfMissing = true)
class QueueWorkerConfiguration {

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
    RequestPoller requestPoller(SqsAsyncClient sqs, JwtDecoder jwtDecoder, ConsumerService consumers, AnsweredRequests answered,
                                PayloadStore payloads, AuditLog audit, QueueWorkerProperties properties, IngestProperties ingest) {
        RequestHandler handler = new RequestHandler(jwtDecoder, consumers, answered, payloads, new Replies(sqs), audit,
                WorkerKeys.load(properties, ingest.keys()), BaseAQueue.replyQueues(properties.namespace()),
                properties.inlineLimit().toBytes());
        return new RequestPoller(sqs, handler, properties);
    }

    @Bean
    ReplyQueueReaper replyQueueReaper(SqsAsyncClient sqs, QueueWorkerProperties properties) {
        return new ReplyQueueReaper(sqs, properties.namespace(), properties.replyQueueIdle(), java.time.Clock.systemUTC());
    }

    @Bean
    PayloadSweeper payloadSweeper(PayloadStore payloads, AnsweredRequests answered, QueueWorkerProperties properties) {
        return new PayloadSweeper(payloads, answered, properties.payloadRetention());
    }
}
