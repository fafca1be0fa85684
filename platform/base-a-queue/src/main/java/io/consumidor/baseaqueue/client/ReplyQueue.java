package io.consumidor.baseaqueue.client;

import io.consumidor.baseaqueue.BaseAQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A requester's reply queue: created with its retention and a heartbeat tag, beaten every
 * {@link #HEARTBEAT} so workers can tell it from the queue of a requester that died without closing (they delete
 * those after their idle limit), created again should it be gone, deleted on close.
 */
final class ReplyQueue implements AutoCloseable {

    /** How often the heartbeat tag is renewed; a worker's idle limit must be several times this. */
    static final Duration HEARTBEAT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ReplyQueue.class);

    private final SqsClient sqs;
    private final String name;
    private final Map<QueueAttributeName, String> attributes;
    private volatile String url;

    ReplyQueue(SqsClient sqs, String name, Duration retention, ScheduledExecutorService timers) {
        this.sqs = sqs;
        this.name = name;
        this.attributes = Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(retention.toSeconds()));
        this.url = create();
        timers.scheduleAtFixedRate(this::beat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    /** After the queue was found missing (deleted as idle while this process was stalled, say). */
    synchronized void recreate() {
        log.warn("the reply queue {} is gone; creating it again", name);
        url = create();
    }

    private String create() {
        Map<String, String> heartbeat = Map.of(BaseAQueue.HEARTBEAT_TAG, Long.toString(Instant.now().getEpochSecond()));
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes).tags(heartbeat)).queueUrl();
        } catch (QueueNameExistsException e) {
            String existing = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
            sqs.tagQueue(b -> b.queueUrl(existing).tags(heartbeat));
            return existing;
        }
    }

    private void beat() {
        try {
            sqs.tagQueue(b -> b.queueUrl(url).tags(Map.of(BaseAQueue.HEARTBEAT_TAG, Long.toString(Instant.now().getEpochSecond()))));
        } catch (QueueDoesNotExistException e) {
            recreate();
        } catch (RuntimeException e) {
            log.warn("cannot renew the heartbeat of {}: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        try {
            sqs.deleteQueue(b -> b.queueUrl(url));
        } catch (RuntimeException e) {
            log.warn("cannot delete the reply queue {}: {}", name, e.toString());
        }
    }
}
