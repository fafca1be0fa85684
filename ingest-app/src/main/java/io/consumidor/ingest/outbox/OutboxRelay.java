package io.consumidor.ingest.outbox;

import jakarta.annotation.PreDestroy;
import io.consumidor.core.wire.MessageAttributes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes committed outbox rows to SQS in batches of ten, marks what SQS accepted and schedules the rest
 * for a retry with exponential back-off, so nothing is lost while SQS is away. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several app replicas can relay side by side. Delivery is at least
 * once; consumers deduplicate by event id and discard stale updates by {@code sourceVersion}. Counts what it
 * relays ({@code consumidor.outbox.sent}) and what it puts back for a retry ({@code consumidor.outbox.retries});
 * the backlog itself is {@link OutboxMeters}'.
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
    /** SQS batches in flight, shared by the claims being relayed (see {@link #drainAll}). */
    private final Semaphore window;
    private final ExecutorService claimers;
    private final Counter sentCount;
    private final Counter retryCount;

    public OutboxRelay(OutboxStore store, SqsAsyncClient sqs, OutboxProperties properties, TransactionTemplate transaction,
                       MeterRegistry meters) {
        this.store = store;
        this.sqs = sqs;
        this.properties = properties;
        this.transaction = transaction;
        this.sentCount = Counter.builder("consumidor.outbox.sent").description("outbox events accepted by SQS").register(meters);
        this.retryCount = Counter.builder("consumidor.outbox.retries").description("outbox events SQS did not accept, scheduled again")
                .register(meters);
        this.window = new Semaphore(properties.sendConcurrency());
        AtomicInteger n = new AtomicInteger();
        this.claimers = Executors.newFixedThreadPool(properties.claimConcurrency(), r -> {
            Thread thread = new Thread(r, "outbox-claim-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Scheduled(fixedDelayString = "${consumidor.ingest.outbox.poll-interval:200ms}")
    public void drain() {
        drainAll();
    }

    /**
     * Relays until the outbox holds no due rows; returns how many rows were claimed in all. {@code
     * claim-concurrency} claims are relayed at once, sharing one window of {@code send-concurrency} SQS
     * batches: one claim at a time, the window would run dry at the end of every claim while its last batches
     * return and its rows are marked sent.
     */
    public long drainAll() {
        List<CompletableFuture<Long>> loops = new ArrayList<>();
        for (int i = 0; i < properties.claimConcurrency(); i++) {
            loops.add(CompletableFuture.supplyAsync(this::claimUntilDrained, claimers));
        }
        try {
            return loops.stream().mapToLong(CompletableFuture::join).sum();
        } catch (CompletionException e) {
            // The database away, say: the scheduler logs it and the next poll tries again.
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private long claimUntilDrained() {
        long total = 0;
        int claimed;
        do {
            claimed = relayOnce();
            total += claimed;
        } while (claimed == properties.batchSize());
        return total;
    }

    @PreDestroy
    void stop() {
        claimers.shutdownNow();
    }

    /**
     * Claims one batch of due rows and sends it; returns how many rows were claimed. The SQS batches go out
     * concurrently (at most {@code send-concurrency} in flight at any moment, over all claims): sent one after
     * another, the relay would spend most of its time waiting for round trips rather than sending.
     */
    public int relayOnce() {
        Integer claimed = transaction.execute(status -> {
            List<PendingEvent> due = store.claimDue(properties.batchSize());
            Map<String, List<PendingEvent>> byDestination = new LinkedHashMap<>();
            due.forEach(event -> byDestination.computeIfAbsent(event.destination(), d -> new ArrayList<>()).add(event));
            List<Chunk> chunks = new ArrayList<>();
            byDestination.forEach((destination, events) -> {
                for (int from = 0; from < events.size(); from += SQS_BATCH) {
                    chunks.add(new Chunk(destination, events.subList(from, Math.min(from + SQS_BATCH, events.size()))));
                }
            });
            // A sliding window: a new SQS batch goes out as soon as any in flight returns, rather than in
            // waves that each wait for their slowest request.
            List<CompletableFuture<Outcome>> sends = new ArrayList<>(chunks.size());
            for (Chunk chunk : chunks) {
                window.acquireUninterruptibly();
                sends.add(send(chunk).whenComplete((outcome, never) -> window.release()));
            }
            List<Long> sent = new ArrayList<>();
            List<Retry> retries = new ArrayList<>();
            // Results are applied here, on the thread that holds the claim's transaction and row locks.
            for (CompletableFuture<Outcome> send : sends) {
                Outcome outcome = send.join();
                sent.addAll(outcome.sent());
                retries.addAll(outcome.retries());
            }
            store.markSent(sent);
            retries.forEach(retry -> retryLater(retry.event(), retry.error()));
            sentCount.increment(sent.size());
            retryCount.increment(retries.size());
            return due.size();
        });
        return claimed == null ? 0 : claimed;
    }

    private record Chunk(String destination, List<PendingEvent> events) {
    }

    private record Retry(PendingEvent event, String error) {
    }

    private record Outcome(List<Long> sent, List<Retry> retries) {
    }

    /** Sends one SQS batch; never completes exceptionally: a failure becomes retries for the whole chunk. */
    private CompletableFuture<Outcome> send(Chunk chunk) {
        CompletableFuture<SendMessageBatchResponse> response;
        try {
            String queueUrl = queueUrl(chunk.destination());
            response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl)
                    .entries(chunk.events().stream().map(OutboxRelay::entry).toList()));
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.orTimeout(30, TimeUnit.SECONDS).handle((ok, error) -> {
            if (error != null) {
                return failed(chunk, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
            List<Retry> retries = ok.failed().stream().map(failed -> new Retry(chunk.events().stream()
                    .filter(e -> Long.toString(e.id()).equals(failed.id())).findFirst().orElseThrow(),
                    failed.code() + ": " + failed.message())).toList();
            return new Outcome(ok.successful().stream().map(entry -> Long.parseLong(entry.id())).toList(), retries);
        });
    }

    private Outcome failed(Chunk chunk, Throwable cause) {
        if (cause instanceof QueueDoesNotExistException) {
            queueUrls.remove(chunk.destination());
        }
        log.warn("outbox: {} events for {} not sent, will retry: {}", chunk.events().size(), chunk.destination(),
                cause.getClass().getSimpleName());
        String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new Outcome(List.of(), chunk.events().stream().map(event -> new Retry(event, error)).toList());
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
                        MessageAttributes.EVENT_ID, string(event.eventId()),
                        MessageAttributes.EVENT_TYPE, string(event.eventType()),
                        MessageAttributes.SUBJECT, string(event.subject()),
                        MessageAttributes.SOURCE_VERSION, MessageAttributeValue.builder().dataType("Number")
                                .stringValue(Long.toString(event.sourceVersion())).build()))
                .build();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    public long pending() {
        return store.pending();
    }
}
