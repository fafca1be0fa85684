package io.consumidor.binder.sqs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What happens to each message of a batch once the handler has spoken: delete the handled ones, give the
 * failed ones back after a back-off (by their receive count), dead-letter those out of attempts or marked
 * hopeless — with attributes saying why — and only then delete them from the source queue. All calls are
 * awaited, so when {@link #settle} returns, SQS knows the outcome of every message of the batch.
 */
final class MessageSettlement {

    private static final Logger log = LoggerFactory.getLogger(MessageSettlement.class);

    private final SqsAsyncClient sqs;
    private final SqsDestination destination;
    private final ExtendedConsumerProperties<SqsConsumerProperties> properties;

    MessageSettlement(SqsAsyncClient sqs, SqsDestination destination, ExtendedConsumerProperties<SqsConsumerProperties> properties) {
        this.sqs = sqs;
        this.destination = destination;
        this.properties = properties;
    }

    void settle(List<Message> batch, Map<Integer, BatchItemFailures.Failure> failures) {
        Set<Integer> heldBack = destination.fifo() ? laterInFailedGroups(batch, failures) : Set.of();
        List<Message> handled = new ArrayList<>();
        List<Message> retry = new ArrayList<>();
        List<CompletableFuture<?>> deadLetters = new ArrayList<>();
        List<Message> deadLettered = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Message message = batch.get(i);
            BatchItemFailures.Failure failure = failures.get(i);
            if (failure == null && !heldBack.contains(i)) {
                handled.add(message);
            } else if (failure == null) {
                retry.add(message);
            } else if (failure.deadLetterNow() || SqsHeaders.receiveCount(message) >= properties.getMaxAttempts()) {
                deadLetters.add(deadLetter(message, failure).thenRun(() -> {
                    synchronized (deadLettered) {
                        deadLettered.add(message);
                    }
                }).exceptionally(e -> {
                    log.error("could not dead-letter message {} of {}; it stays on the queue: {}", message.messageId(),
                            destination.name(), e.toString());
                    return null;
                }));
            } else {
                retry.add(message);
                log.warn("message {} of {} failed (attempt {} of {}), retrying later: {} {}", message.messageId(),
                        destination.name(), SqsHeaders.receiveCount(message), properties.getMaxAttempts(), failure.reason(),
                        failure.cause() == null ? "" : failure.cause().getClass().getSimpleName());
            }
        }
        CompletableFuture.allOf(deadLetters.toArray(CompletableFuture[]::new)).join();
        handled.addAll(deadLettered);
        delete(handled);
        retryLater(retry);
    }

    /** FIFO: after a failed message, later messages of its group must not overtake it. */
    private static Set<Integer> laterInFailedGroups(List<Message> batch, Map<Integer, BatchItemFailures.Failure> failures) {
        Set<String> failedGroups = new HashSet<>();
        Set<Integer> held = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            String group = batch.get(i).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            if (failures.containsKey(i)) {
                failedGroups.add(group);
            } else if (failedGroups.contains(group)) {
                held.add(i);
            }
        }
        return held;
    }

    private CompletableFuture<?> deadLetter(Message message, BatchItemFailures.Failure failure) {
        if (destination.deadLetterUrl() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no dead-letter queue provisioned"));
        }
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(SqsHeaders.DLQ_REASON, SqsHeaders.string(failure.reason()));
        attributes.put(SqsHeaders.DLQ_SOURCE_QUEUE, SqsHeaders.string(destination.name()));
        attributes.put(SqsHeaders.DLQ_ATTEMPTS, SqsHeaders.string(Integer.toString(SqsHeaders.receiveCount(message))));
        if (failure.cause() != null) {
            attributes.put(SqsHeaders.DLQ_ERROR_CLASS, SqsHeaders.string(failure.cause().getClass().getName()));
            String text = String.valueOf(failure.cause().getMessage());
            attributes.put(SqsHeaders.DLQ_ERROR_MESSAGE, SqsHeaders.string(text.length() > 1000 ? text.substring(0, 1000) : text));
        }
        failure.attributes().forEach((name, value) -> attributes.put(io.consumidor.core.wire.DeadLetters.PREFIX + name, SqsHeaders.string(value)));
        List<String> originals = new ArrayList<>(message.messageAttributes().keySet());
        originals.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        for (String name : originals) {
            if (attributes.size() >= SqsHeaders.MAX_ATTRIBUTES) {
                break;
            }
            attributes.putIfAbsent(name, message.messageAttributes().get(name));
        }
        String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
        return sqs.sendMessage(b -> {
            b.queueUrl(destination.deadLetterUrl()).messageBody(message.body()).messageAttributes(attributes);
            if (group != null) {
                b.messageGroupId(group).messageDeduplicationId(message.messageId());
            }
        }).thenRun(() -> log.warn("message {} of {} dead-lettered: {}", message.messageId(), destination.name(), failure.reason()));
    }

    /** Original attributes kept first on a dead letter when SQS's ten-attribute limit forces a choice. */
    private int rank(String attribute) {
        List<String> keepFirst = properties.getExtension().getDeadLetterKeptAttributes();
        int index = keepFirst.indexOf(attribute);
        return index < 0 ? keepFirst.size() : index;
    }

    private void delete(List<Message> messages) {
        List<CompletableFuture<DeleteMessageBatchResponse>> deletes = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(from + 10, messages.size()));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            deletes.add(sqs.deleteMessageBatch(b -> b.queueUrl(destination.url()).entries(entries)));
        }
        for (CompletableFuture<DeleteMessageBatchResponse> delete : deletes) {
            try {
                DeleteMessageBatchResponse response = delete.join();
                response.failed().forEach(f -> log.warn("delete of a handled message from {} failed ({}); it will be"
                        + " delivered again and written again idempotently", destination.name(), f.code()));
            } catch (RuntimeException e) {
                log.warn("delete of handled messages from {} failed; they will be delivered again: {}", destination.name(), e.toString());
            }
        }
    }

    /** Makes failed messages visible again after the back-off for their attempt (SQS counts the attempts). */
    private void retryLater(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Map<Integer, List<Message>> byDelay = new LinkedHashMap<>();
        messages.forEach(m -> byDelay.computeIfAbsent(backoffSeconds(SqsHeaders.receiveCount(m)), d -> new ArrayList<>()).add(m));
        byDelay.forEach((seconds, group) -> changeVisibility(group, seconds));
    }

    int backoffSeconds(int attempt) {
        double millis = properties.getBackOffInitialInterval() * Math.pow(properties.getBackOffMultiplier(), Math.max(0, attempt - 1));
        return (int) Math.ceil(Math.min(millis, properties.getBackOffMaxInterval()) / 1000.0);
    }

    void extendVisibility(List<Message> batch, Duration timeout) {
        changeVisibility(batch, (int) timeout.toSeconds());
    }

    private void changeVisibility(List<Message> messages, int seconds) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(from + 10, messages.size()));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(seconds).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(destination.url()).entries(entries)).join();
            } catch (RuntimeException e) {
                // Not fatal: the message becomes visible when its current timeout ends instead.
                log.warn("visibility change on {} failed: {}", destination.name(), e.toString());
            }
        }
    }
}
