package io.consumidor.query;

import com.mongodb.client.MongoDatabase;
import io.consumidor.apisecurity.ApiWebSupport;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.core.keys.DevelopmentKeys;
import io.consumidor.core.subject.SubjectPseudonymizer;
import io.consumidor.core.wire.Namespace;
import io.consumidor.query.load.ReadLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;

import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The query API's parts: the stores' handles, the subject key, the threads the per-store reads run on. */
@Configuration(proxyBeanMethods = false)
@Import(ApiWebSupport.class)
class QueryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(QueryConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Base B: the database of {@code spring.mongodb.uri}. */
    @Bean
    MongoDatabase baseB(MongoTemplate mongo) {
        return mongo.getDb();
    }

    @Bean
    BaseCIndices baseCIndices(QueryProperties properties) {
        return BaseCIndices.of(Namespace.of(properties.namespace()));
    }

    /** The same key ingest-app derives subjects with (locally: the same development key file). */
    @Bean
    SubjectPseudonymizer subjectPseudonymizer(QueryProperties properties) {
        QueryProperties.Subject subject = properties.subject();
        if (subject.key().isBlank() && !subject.development()) {
            throw new IllegalStateException("the query API needs the subject key outside development mode (consumidor.dev-mode):"
                    + " set consumidor.query.subject.key (BASE_A_SUBJECT_KEY)");
        }
        byte[] secret = subject.key().isBlank()
                ? DevelopmentKeys.loadOrCreate(subject.devKeyDir().resolve(DevelopmentKeys.SUBJECT_KEY_FILE), file -> log.warn(
                        "generated a local development subject key at {} (ingest-app will use it too; production must pass BASE_A_SUBJECT_KEY)", file))
                : Base64.getDecoder().decode(subject.key().trim());
        return new SubjectPseudonymizer(subject.keyId(), secret);
    }

    /**
     * Groups the recordings of concurrent lookups into {@code SendMessageBatch} calls of up to ten, flushed every
     * {@code record-batch-window} (20 ms): one SQS request per ten lookups under load, at most the window more for a
     * lone one.
     */
    @Bean(destroyMethod = "close")
    SqsAsyncBatchManager lookupBatches(SqsAsyncClient sqs, QueryProperties properties) {
        return SqsAsyncBatchManager.builder().client(sqs)
                .scheduledExecutor(Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "lookup-record-batches");
                    thread.setDaemon(true);
                    return thread;
                }))
                .overrideConfiguration(c -> c.sendRequestFrequency(properties.recordBatchWindow()).maxBatchSize(10))
                .build();
    }

    /** The turns to read the stores, shared by the summary and the events endpoint (one Elasticsearch behind both). */
    @Bean
    ReadLimiter readLimiter(QueryProperties properties) {
        return new ReadLimiter(properties.maxConcurrentReads(), properties.maxConcurrentReadsPerClient(), properties.readQueueWait());
    }

    /** A lookup's three reads wait on the network: threads enough for them of every request Tomcat serves at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService queryExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(3 * 64, r -> {
            Thread thread = new Thread(r, "query-read-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
