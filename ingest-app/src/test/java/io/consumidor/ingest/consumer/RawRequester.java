package io.consumidor.ingest.consumer;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.core.wire.Namespace;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A requester speaking the wire format by hand, for what the client library would never send: odd tokens, bodies
 * not sealed to the worker, reply queues outside the allow-list. It reads its reply queue raw, so a test sees
 * exactly what an onlooker of the queue would.
 */
final class RawRequester implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SqsClient sqs;
    private final String requestQueueUrl;
    private final String replyQueue;
    private final String replyQueueUrl;
    private final KeysetHandle keys = Sealing.generate();
    private final String workerKey;

    RawRequester(SqsClient sqs, Namespace namespace, String workerKey) {
        this.sqs = sqs;
        this.workerKey = workerKey;
        this.requestQueueUrl = sqs.getQueueUrl(b -> b.queueName(BaseAQueue.requests(namespace))).queueUrl();
        this.replyQueue = BaseAQueue.replyQueue(namespace, "raw-" + UUID.randomUUID().toString().substring(0, 8));
        this.replyQueueUrl = sqs.createQueue(b -> b.queueName(replyQueue)).queueUrl();
    }

    String replyQueue() {
        return replyQueue;
    }

    String recipientKey() {
        return Sealing.publicKeyset(keys);
    }

    /** The body a well-behaved requester would send for {@code request} under {@code requestId}. */
    String sealed(QueueRequest request, String requestId) {
        return Base64.getEncoder().encodeToString(Sealing.seal(Sealing.sealerTo(workerKey), JSON.writeValueAsBytes(request), requestId));
    }

    /** Attributes of a request; a null value leaves that attribute out (SQS refuses empty ones). */
    static Map<String, MessageAttributeValue> attributes(String requestId, String replyTo, String token, String recipientKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(BaseAQueue.REQUEST_ID, requestId);
        values.put(BaseAQueue.REPLY_TO, replyTo);
        values.put(BaseAQueue.AUTHORIZATION, token);
        values.put(BaseAQueue.RECIPIENT_KEY, recipientKey);
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        values.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
            }
        });
        return attributes;
    }

    void send(String body, Map<String, MessageAttributeValue> attributes) {
        sqs.sendMessage(b -> b.queueUrl(requestQueueUrl).messageBody(body).messageAttributes(attributes));
    }

    /** A request as the client would send it, with the given token; returns its id. */
    String ask(QueueRequest request, String token) {
        String requestId = UUID.randomUUID().toString();
        send(sealed(request, requestId), attributes(requestId, replyQueue, token, recipientKey()));
        return requestId;
    }

    /** Raw reply messages until {@code count} arrived or {@code timeoutMillis} passed; deleted as they are read. */
    List<Message> replies(int count, long timeoutMillis) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (messages.size() < count && System.currentTimeMillis() < deadline) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(replyQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                messages.add(message);
                sqs.deleteMessage(b -> b.queueUrl(replyQueueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return messages;
    }

    static QueueReply reply(Message message) {
        return JSON.readValue(message.body(), QueueReply.class);
    }

    /** Opens a sealed answer addressed to this requester. */
    byte[] open(byte[] sealed, String requestId) throws GeneralSecurityException {
        HybridDecrypt opener = Sealing.opener(keys);
        return Sealing.open(opener, sealed, requestId);
    }

    @Override
    public void close() {
        sqs.deleteQueue(b -> b.queueUrl(replyQueueUrl));
    }
}
