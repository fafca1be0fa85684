package io.consumidor.router.ops;

import io.consumidor.router.RouterProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code router.queue.backlog} gauge per queue (visible + in flight), refreshed on a schedule rather than
 * on scrape so a metrics scrape never waits for SQS. Also backs the SQS health indicator: the last refresh
 * tells whether SQS answered.
 */
@Component
public class QueueBacklog {

    private final SqsAsyncClient sqs;
    private final RouterProperties properties;
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private volatile String lastError = "not checked yet";

    public QueueBacklog(SqsAsyncClient sqs, RouterProperties properties, MeterRegistry meters) {
        this.sqs = sqs;
        this.properties = properties;
        properties.observedQueues().forEach(queue -> {
            AtomicLong value = new AtomicLong(-1);
            backlog.put(queue, value);
            Gauge.builder("router.queue.backlog", value, AtomicLong::get).tag("queue", queue).register(meters);
        });
    }

    @Scheduled(fixedDelayString = "${consumidor.router.runtime.backlog-interval:15s}", initialDelay = 0)
    public void refresh() {
        String error = null;
        for (String queue : properties.observedQueues()) {
            try {
                String url = sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .join().attributes();
                backlog.get(queue).set(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
            } catch (RuntimeException e) {
                backlog.get(queue).set(-1);
                error = queue + ": " + (e.getCause() != null ? e.getCause() : e).getClass().getSimpleName();
            }
        }
        lastError = error;
    }

    /** Null when the last refresh reached every queue. */
    public String lastError() {
        return lastError;
    }

    public long backlog(String queue) {
        AtomicLong value = backlog.get(queue);
        return value == null ? -1 : value.get();
    }
}
