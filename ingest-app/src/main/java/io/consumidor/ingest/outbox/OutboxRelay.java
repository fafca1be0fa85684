package io.consumidor.ingest.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to SQS in batches of ten, marks what SQS accepted and schedules the rest
 * for a retry with exponential back-off, so nothing is lost while SQS is away. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several app replicas can relay side by side. Delivery is at least
 * once; consumers deduplicate by event id and discard stale updates by {@code subjectVersion}.
 */
@Component
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int SQS_BATCH = 10;

    private final OutboxStore store;
    private final SqsAsyncClient sqs;
    private final OutboxProperties properties;
    private final TransactionTemplate transaction;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    public OutboxRelay(OutboxStore store, SqsAsyncClient sqs, OutboxProperties properties, TransactionTemplate transaction) {
        this.store = store;
        this.sqs = sqs;
        this.properties = properties;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${consumidor.ingest.outbox.poll-interval:200ms}")
    public void drain() {
        int sent;
        do {
            sent = relayOnce();
        } while (sent == properties.batchSize());
    }

    /** Claims one batch of due rows and sends it; returns how many rows were claimed. */
    public int relayOnce() {
        Integer claimed = transaction.execute(status -> {
            List<PendingEvent> due = store.claimDue(properties.batchSize());
            Map<String, List<PendingEvent>> byDestination = new LinkedHashMap<>();
            due.forEach(event -> byDestination.computeIfAbsent(event.destination(), d -> new ArrayList<>()).add(event));
            byDestination.forEach(this::send);
            return due.size();
        });
        return claimed == null ? 0 : claimed;
    }

    private void send(String destination, List<PendingEvent> events) {
        for (int from = 0; from < events.size(); from += SQS_BATCH) {
            List<PendingEvent> chunk = events.subList(from, Math.min(from + SQS_BATCH, events.size()));
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl(destination))
                        .entries(chunk.stream().map(OutboxRelay::entry).toList())).get(30, TimeUnit.SECONDS);
                store.markSent(response.successful().stream().map(ok -> Long.parseLong(ok.id())).toList());
                for (BatchResultErrorEntry failed : response.failed()) {
                    PendingEvent event = chunk.stream().filter(e -> Long.toString(e.id()).equals(failed.id())).findFirst().orElseThrow();
                    retryLater(event, failed.code() + ": " + failed.message());
                }
            } catch (Exception e) {
                Throwable cause = e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException
                        ? e.getCause() : e;
                if (cause instanceof QueueDoesNotExistException) {
                    queueUrls.remove(destination);
                }
                log.warn("outbox: {} events for {} not sent, will retry: {}", chunk.size(), destination,
                        cause.getClass().getSimpleName());
                chunk.forEach(event -> retryLater(event, cause.getClass().getSimpleName() + ": " + cause.getMessage()));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void retryLater(PendingEvent event, String error) {
        int attempts = event.attempts() + 1;
        store.scheduleRetry(event.id(), attempts, properties.backoff(attempts), error);
    }

    /** Queues are created when missing (a restarted local SQS forgets them); the router adds DLQ redrive. */
    private String queueUrl(String destination) {
        return queueUrls.computeIfAbsent(destination, name -> sqs.createQueue(b -> b.queueName(name)).join().queueUrl());
    }

    private static SendMessageBatchRequestEntry entry(PendingEvent event) {
        return SendMessageBatchRequestEntry.builder()
                .id(Long.toString(event.id()))
                .messageBody(event.envelope())
                .messageAttributes(Map.of(
                        "eventId", string(event.eventId()),
                        "eventType", string(event.eventType()),
                        "subject", string(event.subject()),
                        "subjectVersion", MessageAttributeValue.builder().dataType("Number")
                                .stringValue(Long.toString(event.subjectVersion())).build()))
                .build();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    public long pending() {
        return store.pending();
    }
}
