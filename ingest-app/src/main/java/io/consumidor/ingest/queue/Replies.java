package io.consumidor.ingest.queue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Sends replies to requesters' queues (names already checked against the allow-list), caching the URLs of the
 * most recently answered ones. Bounded because every requester instance has a queue of its own (the CLI one per
 * process): an unbounded map would grow for as long as the worker runs. A URL that fell out costs one lookup.
 */
class Replies {

    static final int CACHED_QUEUES = 1024;

    private final SqsClient sqs;
    private final Cache<String, String> urls;
    private final JsonMapper json = JsonMapper.builder().build();

    Replies(SqsClient sqs) {
        this(sqs, CACHED_QUEUES);
    }

    Replies(SqsClient sqs, int cachedQueues) {
        this.sqs = sqs;
        this.urls = Caffeine.newBuilder().maximumSize(cachedQueues).build();
    }

    /** Exact only after pending evictions ran, hence the clean-up first. */
    long cachedQueues() {
        urls.cleanUp();
        return urls.estimatedSize();
    }

    /** False when the reply queue no longer exists: its requester went away. */
    boolean send(String queue, QueueReply reply) {
        String body = json.writeValueAsString(reply);
        try {
            // Not Cache.get(key, loader): the lookup would then block other writers to the same cache segment.
            String url = urls.getIfPresent(queue);
            if (url == null) {
                url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
                urls.put(queue, url);
            }
            String target = url;
            sqs.sendMessage(b -> b.queueUrl(target).messageBody(body).messageAttributes(Map.of(BaseAQueue.REQUEST_ID,
                    MessageAttributeValue.builder().dataType("String").stringValue(reply.requestId()).build())));
            return true;
        } catch (QueueDoesNotExistException e) {
            urls.invalidate(queue);
            return false;
        }
    }
}
