package io.consumidor.ingest.consumer;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueReply;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.ReplyContent;
import io.consumidor.baseaqueue.SealedRequest;
import io.consumidor.baseaqueue.Sealing;
import io.consumidor.core.wire.Namespace;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.databind.json.JsonMapper;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A requester speaking the wire format by hand, for what the client library would never send: odd tokens, bodies
 * not sealed to the worker, sealed routes outside the allow-list, replayed and re-routed requests. It reads its reply queue raw, so a test sees
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

    /** What a well-behaved requester seals: the question with this requester's reply queue and key, now. */
    SealedRequest sealedRequest(QueueRequest request, String token) {
        return SealedRequest.of(request, token, replyQueue, recipientKey(), Instant.now());
    }

    /** The body of {@code sealed} under {@code requestId}, sealed to the worker. */
    String seal(SealedRequest sealed, String requestId) {
        return seal(JSON.writeValueAsBytes(sealed), requestId);
    }

    /** Any bytes sealed to the worker under {@code requestId} (a body that is no request, say). */
    String seal(byte[] plain, String requestId) {
        return Base64.getEncoder().encodeToString(Sealing.seal(Sealing.sealerTo(workerKey), plain, requestId));
    }

    /** Sends {@code body} with {@code requestId} as its attribute (none when null), plus any {@code extra} attributes. */
    void send(String body, String requestId, Map<String, String> extra) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        if (requestId != null) {
            attributes.put(BaseAQueue.REQUEST_ID, text(requestId));
        }
        extra.forEach((name, value) -> attributes.put(name, text(value)));
        sqs.sendMessage(b -> b.queueUrl(requestQueueUrl).messageBody(body).messageAttributes(attributes));
    }

    void send(String body, String requestId) {
        send(body, requestId, Map.of());
    }

    /** A request as the client would send it, with the given token; returns its id. */
    String ask(QueueRequest request, String token) {
        String requestId = UUID.randomUUID().toString();
        send(seal(sealedRequest(request, token), requestId), requestId);
        return requestId;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
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

    /** Opens sealed bytes addressed to this requester. */
    byte[] open(byte[] sealed, String requestId) throws GeneralSecurityException {
        HybridDecrypt opener = Sealing.opener(keys);
        return Sealing.open(opener, sealed, requestId);
    }

    /** Opens an inline reply addressed to this requester: its status and answer or problem. */
    ReplyContent content(QueueReply reply) throws GeneralSecurityException {
        return JSON.readValue(open(Base64.getDecoder().decode(reply.inline()), reply.requestId()), ReplyContent.class);
    }

    @Override
    public void close() {
        sqs.deleteQueue(b -> b.queueUrl(replyQueueUrl));
    }
}
