package io.consumidor.testsupport;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's SQS seen from a test: send bodies, look at a queue's depth, drain it. A plain AWS SDK client,
 * deliberately not the code under test, so a test observes queues the way an operator would.
 */
public final class TestQueues implements AutoCloseable {

    private static final int SQS_BATCH = 10;

    private final SqsClient sqs;

    public TestQueues(StackEnv env) {
        sqs = SqsClient.builder().endpointOverride(URI.create(env.sqsEndpoint())).region(Region.of(env.awsRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.awsAccessKeyId(), env.awsSecretAccessKey())))
                .build();
    }

    public SqsClient client() {
        return sqs;
    }

    public String url(String queue) {
        return sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    /** Sends the bodies in batches of ten, in order. */
    public void send(String queue, List<String> bodies) {
        String url = url(queue);
        for (int from = 0; from < bodies.size(); from += SQS_BATCH) {
            List<String> chunk = bodies.subList(from, Math.min(from + SQS_BATCH, bodies.size()));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(chunk.get(i)).build());
            }
            var response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + response.failed().size() + " messages: " + response.failed());
            }
        }
    }

    /** Messages on the queue, visible or in flight; -1 when the queue does not exist (yet). */
    public int depth(String queue) {
        try {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        } catch (QueueDoesNotExistException e) {
            return -1;
        }
    }

    /** Receives and deletes whatever is visible on the queue, with its attributes. */
    public List<Message> drain(String queue) {
        String url = url(queue);
        List<Message> all = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(SQS_BATCH).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
            all.addAll(got);
            got.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        } while (!got.isEmpty());
        return all;
    }

    @Override
    public void close() {
        sqs.close();
    }
}
