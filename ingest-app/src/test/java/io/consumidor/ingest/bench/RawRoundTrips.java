package io.consumidor.ingest.bench;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The raw baseline of a Base A queue round trip: the same request and reply sizes (and, claim-checked, the same S3
 * put, get and delete of the payload) over bare SQS and S3 calls, with responders in place of the worker — no
 * token check, no database, no sealing, no audit. What the worker's round trips are compared with.
 */
final class RawRoundTrips implements AutoCloseable {

    private static final String REPLY_TO = "replyTo";

    /** Makes a fresh set of raw queues and responders for one phase (named apart by {@code suffix}). */
    interface Factory {
        RawRoundTrips create(String suffix);
    }

    private final SqsClient sqs;
    private final S3Client s3;
    private final String bucket;
    private final String requestQueueUrl;
    private final List<String> replyQueueUrls = new ArrayList<>();
    private final List<Thread> responders = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String requestBody;
    private final Map<String, MessageAttributeValue> requestAttributes;
    private final String replyBody;
    private final byte[] payload;

    /**
     * @param payload null for inline replies of {@code replyBytes}; otherwise stored in S3 per round trip and the
     *                reply is a pointer to it
     */
    RawRoundTrips(SqsClient sqs, S3Client s3, String bucket, String suffix, int requesters, int responderThreads, String requestBody,
                  Map<String, MessageAttributeValue> requestAttributes, int replyBytes, byte[] payload) {
        this.sqs = sqs;
        this.s3 = s3;
        this.bucket = bucket;
        this.requestBody = requestBody;
        this.requestAttributes = requestAttributes;
        this.replyBody = "r".repeat(replyBytes);
        this.payload = payload;
        this.requestQueueUrl = sqs.createQueue(b -> b.queueName("bench-raw-requests-" + suffix)).queueUrl();
        for (int i = 0; i < requesters; i++) {
            String name = "bench-raw-replies-" + suffix + "-" + i;
            replyQueueUrls.add(sqs.createQueue(b -> b.queueName(name)).queueUrl());
        }
        for (int i = 0; i < responderThreads; i++) {
            Thread thread = new Thread(this::respond, "raw-responder-" + i);
            thread.setDaemon(true);
            thread.start();
            responders.add(thread);
        }
    }

    /** One round trip of requester {@code requester}: send, wait for the reply (and its payload), delete both. */
    void roundTrip(int requester) {
        String replyUrl = replyQueueUrls.get(requester);
        java.util.HashMap<String, MessageAttributeValue> attributes = new java.util.HashMap<>(requestAttributes);
        attributes.put(REPLY_TO, MessageAttributeValue.builder().dataType("String").stringValue(replyUrl).build());
        sqs.sendMessage(b -> b.queueUrl(requestQueueUrl).messageBody(requestBody).messageAttributes(attributes));
        while (true) {
            List<Message> replies = sqs.receiveMessage(b -> b.queueUrl(replyUrl).maxNumberOfMessages(1).waitTimeSeconds(5)).messages();
            if (replies.isEmpty()) {
                continue;
            }
            Message reply = replies.get(0);
            sqs.deleteMessage(b -> b.queueUrl(replyUrl).receiptHandle(reply.receiptHandle()));
            if (payload != null) {
                String key = reply.body();
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            }
            return;
        }
    }

    private void respond() {
        while (running.get()) {
            List<Message> requests;
            try {
                requests = sqs.receiveMessage(b -> b.queueUrl(requestQueueUrl).maxNumberOfMessages(1).waitTimeSeconds(1)
                        .messageAttributeNames("All")).messages();
            } catch (RuntimeException e) {
                if (running.get()) {
                    throw e;
                }
                return;
            }
            for (Message request : requests) {
                String replyUrl = request.messageAttributes().get(REPLY_TO).stringValue();
                String body = replyBody;
                if (payload != null) {
                    String key = "bench-raw/" + UUID.randomUUID();
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(payload));
                    body = key;
                }
                String reply = body;
                sqs.sendMessage(b -> b.queueUrl(replyUrl).messageBody(reply));
                sqs.deleteMessage(b -> b.queueUrl(requestQueueUrl).receiptHandle(request.receiptHandle()));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread responder : responders) {
            responder.join(5_000);
        }
        sqs.deleteQueue(b -> b.queueUrl(requestQueueUrl));
        replyQueueUrls.forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
    }
}
