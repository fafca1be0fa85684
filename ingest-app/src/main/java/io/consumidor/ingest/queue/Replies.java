package io.consumidor.ingest.queue;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/** Sends replies to requesters' queues (names already checked against the allow-list), caching their URLs. */
class Replies {

    private final SqsAsyncClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    Replies(SqsAsyncClient sqs) {
        this.sqs = sqs;
    }

    /** False when the reply queue no longer exists: its requester went away. */
    boolean send(String queue, QueueReply reply) {
        String body = json.writeValueAsString(reply);
        try {
            String url = urls.computeIfAbsent(queue, name -> sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl());
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(Map.of(BaseAQueue.REQUEST_ID,
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
