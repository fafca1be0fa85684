package io.consumidor.ingest.queue;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.core.wire.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deletes the reply queues of requesters that went away without closing (killed, crashed): a live
 * {@code BaseAQueueClient} renews its queue's {@link BaseAQueue#HEARTBEAT_TAG} every five minutes, so a queue
 * whose heartbeat (or, untagged, whose creation) is older than {@code idle} has nobody reading it. Its unread
 * replies go with it; their claim-checked payloads are the payload sweep's. Only names on the allow-list of this
 * deployment's namespace are considered.
 */
class ReplyQueueReaper {

    private static final Logger log = LoggerFactory.getLogger(ReplyQueueReaper.class);

    private final SqsAsyncClient sqs;
    private final String prefix;
    private final Pattern replyQueues;
    private final Duration idle;
    private final Clock clock;

    ReplyQueueReaper(SqsAsyncClient sqs, Namespace namespace, Duration idle, Clock clock) {
        this.sqs = sqs;
        this.prefix = namespace.apply(BaseAQueue.REPLIES_PREFIX);
        this.replyQueues = BaseAQueue.replyQueues(namespace);
        this.idle = idle;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${consumidor.ingest.queue.sweep-interval:5m}", initialDelayString = "${consumidor.ingest.queue.sweep-interval:5m}")
    void scheduled() {
        try {
            int reaped = reap();
            if (reaped > 0) {
                log.info("deleted {} reply queues whose requester stopped beating more than {} ago", reaped, idle);
            }
        } catch (RuntimeException e) {
            log.warn("reaping idle reply queues failed, next try in one interval: {}", e.toString());
        }
    }

    /** Deletes idle reply queues; returns how many. */
    int reap() {
        Instant cutoff = clock.instant().minus(idle);
        int reaped = 0;
        String token = null;
        do {
            String page = token;
            ListQueuesResponse queues = sqs.listQueues(b -> b.queueNamePrefix(prefix).maxResults(1000).nextToken(page)).join();
            for (String url : queues.queueUrls()) {
                String name = url.substring(url.lastIndexOf('/') + 1);
                if (replyQueues.matcher(name).matches() && lastSignOfLife(url).isBefore(cutoff)) {
                    sqs.deleteQueue(b -> b.queueUrl(url)).join();
                    reaped++;
                }
            }
            token = queues.nextToken();
        } while (token != null);
        return reaped;
    }

    private Instant lastSignOfLife(String url) {
        Map<String, String> tags = sqs.listQueueTags(b -> b.queueUrl(url)).join().tags();
        String heartbeat = tags.get(BaseAQueue.HEARTBEAT_TAG);
        if (heartbeat != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(heartbeat));
            } catch (NumberFormatException e) {
                // not ours to judge by: fall back to the creation time
            }
        }
        String created = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.CREATED_TIMESTAMP)).join()
                .attributes().get(QueueAttributeName.CREATED_TIMESTAMP);
        return created == null ? clock.instant() : Instant.ofEpochSecond(Long.parseLong(created));
    }
}
