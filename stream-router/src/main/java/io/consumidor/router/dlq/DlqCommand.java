package io.consumidor.router.dlq;

import io.consumidor.core.wire.DeadLetters;
import io.consumidor.core.wire.MessageAttributes;
import io.consumidor.core.wire.Queues;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dlq list [queue]} shows each dead-letter queue's depth and its messages' reasons (peeked: they stay
 * where they are); {@code dlq redrive [queue]} moves dead letters back to the queue they came from, without
 * the {@code dlq-*} attributes ({@link DeadLetters}: the binder's and the Base A worker's alike), after the cause was fixed. SQS from the environment: {@code SQS_ENDPOINT}
 * (local stack) or the AWS default chain.
 */
public final class DlqCommand {

    private final SqsClient sqs;
    private final PrintStream out;

    DlqCommand(SqsClient sqs, PrintStream out) {
        this.sqs = sqs;
        this.out = out;
    }

    public static int run(String[] args) {
        String action = args.length > 1 ? args[1] : "";
        String queue = args.length > 2 ? args[2] : null;
        SqsClientBuilder builder = SqsClient.builder();
        String endpoint = System.getenv("SQS_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        try (SqsClient sqs = builder.build()) {
            DlqCommand command = new DlqCommand(sqs, System.out);
            return switch (action) {
                case "list" -> command.list(queue);
                case "redrive" -> command.redrive(queue);
                default -> {
                    System.err.println("usage: dlq list [dead-letter-queue] | dlq redrive [dead-letter-queue]");
                    yield 2;
                }
            };
        }
    }

    List<String> deadLetterQueues(String only) {
        if (only != null) {
            return List.of(only);
        }
        return sqs.listQueues().queueUrls().stream().map(url -> url.substring(url.lastIndexOf('/') + 1))
                .filter(Queues::isDeadLetters).sorted().toList();
    }

    int list(String only) {
        List<String> queues = deadLetterQueues(only);
        if (queues.isEmpty()) {
            out.println("no dead-letter queues");
        }
        for (String queue : queues) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            String depth = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            out.printf("%s: %s message(s)%n", queue, depth);
            List<Message> peek = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(0)
                    .messageAttributeNames("All")).messages();
            for (Message message : peek) {
                Map<String, MessageAttributeValue> a = message.messageAttributes();
                out.printf("  %s  reason=%s route=%s destination=%s type=%s%n    %s: %s%n", message.messageId(), value(a, DeadLetters.REASON),
                        value(a, DeadLetters.ROUTE), value(a, DeadLetters.DESTINATION), value(a, MessageAttributes.EVENT_TYPE),
                        value(a, DeadLetters.ERROR_CLASS), value(a, DeadLetters.ERROR_MESSAGE));
            }
            if (!peek.isEmpty() && Integer.parseInt(depth) > peek.size()) {
                out.printf("  … showing %d of %s%n", peek.size(), depth);
            }
        }
        return 0;
    }

    int redrive(String only) {
        int total = 0;
        for (String queue : deadLetterQueues(only)) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            int moved = 0;
            List<Message> batch;
            do {
                batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
                        .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("MessageGroupId")).messages();
                for (Message message : batch) {
                    String source = value(message.messageAttributes(), DeadLetters.SOURCE_QUEUE);
                    String target = source.isEmpty() ? Queues.sourceOf(queue) : source;
                    String targetUrl = sqs.getQueueUrl(b -> b.queueName(target)).queueUrl();
                    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
                    attributes.keySet().removeIf(name -> name.startsWith(DeadLetters.PREFIX));
                    String group = message.attributesAsStrings().get("MessageGroupId");
                    sqs.sendMessage(b -> {
                        b.queueUrl(targetUrl).messageBody(message.body()).messageAttributes(attributes);
                        if (group != null) {
                            b.messageGroupId(group).messageDeduplicationId(message.messageId());
                        }
                    });
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                    moved++;
                }
            } while (!batch.isEmpty());
            out.printf("%s: %d message(s) re-driven%n", queue, moved);
            total += moved;
        }
        out.printf("re-driven in all: %d%n", total);
        return 0;
    }

    private static String value(Map<String, MessageAttributeValue> attributes, String name) {
        MessageAttributeValue value = attributes.get(name);
        return value == null ? "" : value.stringValue();
    }
}
