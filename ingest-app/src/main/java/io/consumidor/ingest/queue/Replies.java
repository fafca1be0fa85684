package io.consumidor.ingest.queue;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Sends replies to requesters' queues (names already checked against the allow-list), caching the URLs of the
 * most recently answered ones. Bounded because every requester instance has a queue of its own (the CLI one per
 * process): an unbounded map would grow for as long as the worker runs. A URL that fell out costs one lookup.
 */
class Replies {

    static final int CACHED_QUEUES = 1024;

    private final SqsAsyncClient sqs;
    private final Map<String, String> urls;
    private final JsonMapper json = JsonMapper.builder().build();

    Replies(SqsAsyncClient sqs) {
        this(sqs, CACHED_QUEUES);
    }

    Replies(SqsAsyncClient sqs, int cachedQueues) {
        this.sqs = sqs;
        this.urls = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > cachedQueues;
            }
        });
    }

    int cachedQueues() {
        return urls.size();
    }

    /** False when the reply queue no longer exists: its requester went away. */
    boolean send(String queue, QueueReply reply) {
        String body = json.writeValueAsString(reply);
        try {
            String url = urls.get(queue);
            if (url == null) {
                // Looked up outside the map's lock: one slow lookup must not hold up every other reply.
                url = sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
                urls.put(queue, url);
            }
            String target = url;
            sqs.sendMessage(b -> b.queueUrl(target).messageBody(body).messageAttributes(Map.of(BaseAQueue.REQUEST_ID,
                    MessageAttributeValue.builder().dataType("String").stringValue(reply.requestId()).build()))).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof QueueDoesNotExistException) {
                urls.remove(queue);
                return false;
            }
            throw e;
        }
    }
}
