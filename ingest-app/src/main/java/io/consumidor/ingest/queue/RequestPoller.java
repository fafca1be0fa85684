package io.consumidor.ingest.queue;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.core.wire.DeadLetters;
import io.consumidor.core.wire.Queues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.batchmanager.SqsAsyncBatchManager;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Long-polls the request queue with {@code workers} threads and settles each message as its handling decided:
 * deleted once answered, moved to the dead-letter queue with the contract's {@code dlq-reason} and {@code dlq-source-queue} ({@code DeadLetters}) (its token left behind),
 * or left to reappear after the visibility timeout. On start it creates the queue and its dead-letter queue
 * with a redrive policy, so a request the worker keeps failing on is dead-lettered by SQS after
 * {@code maxReceives}. A worker killed mid-request leaves the message invisible until the timeout; it is then
 * received again and answered once ({@link AnsweredRequests}).
 */
class RequestPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestPoller.class);
    /** How long a settled request's delete waits for others to share its {@code DeleteMessageBatch} call. */
    private static final Duration DELETE_WINDOW = Duration.ofMillis(20);

    /** Receives, dead letters and set-up: blocking calls on the workers' threads (see QueueWorkerConfiguration). */
    private final SqsClient sqs;
    private final ScheduledExecutorService deleteTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "base-a-queue-deletes");
        thread.setDaemon(true);
        return thread;
    });
    private final SqsAsyncBatchManager deletes;
    private final RequestHandler handler;
    private final QueueWorkerProperties properties;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private String queueUrl;
    private String deadLetterUrl;

    /** {@code asyncSqs} carries the batched deletes, which nobody waits for. */
    RequestPoller(SqsClient sqs, SqsAsyncClient asyncSqs, RequestHandler handler, QueueWorkerProperties properties) {
        this.sqs = sqs;
        this.handler = handler;
        this.properties = properties;
        this.deletes = SqsAsyncBatchManager.builder().client(asyncSqs)
                .scheduledExecutor(deleteTimer)
                .overrideConfiguration(c -> c.sendRequestFrequency(DELETE_WINDOW).maxBatchSize(10))
                .build();
    }

    @Override
    public void start() {
        provision();
        running = true;
        for (int i = 0; i < properties.workers(); i++) {
            Thread thread = new Thread(this::poll, "base-a-queue-worker-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        log.info("answering Base A requests on {} with {} workers (inline up to {}, larger answers through S3)",
                properties.requestQueueName(), properties.workers(), properties.inlineLimit());
    }

    private void provision() {
        String name = properties.requestQueueName();
        deadLetterUrl = sqs.createQueue(b -> b.queueName(Queues.deadLetters(name))
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(properties.visibilityTimeout().toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + properties.maxReceives() + "\"}");
        try {
            queueUrl = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        }
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(attributes));
    }

    private void poll() {
        while (running) {
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(5)
                        .messageAttributeNames("All")).messages();
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stopping: a receive cut short is no failure
                }
                log.warn("receiving from {} failed, retrying: {}", properties.requestQueueName(), e.toString());
                pause();
                continue;
            }
            for (Message message : messages) {
                settle(message);
            }
        }
    }

    private void settle(Message message) {
        Disposition disposition;
        try {
            disposition = handler.handle(message);
        } catch (RuntimeException e) {
            // Unknown failure: let SQS redeliver it, and dead-letter it after maxReceives.
            log.error("request message {} failed, leaving it for redelivery: {}", message.messageId(), e.getClass().getName());
            return;
        }
        try {
            if (disposition instanceof Disposition.DeadLetter dead) {
                deadLetter(message, dead.reason());
                delete(message);
            } else if (disposition instanceof Disposition.Retry retry) {
                log.info("request message {} left for redelivery: {}", message.messageId(), retry.reason());
            } else {
                delete(message);
            }
        } catch (RuntimeException e) {
            log.warn("settling request message {} failed (it will be redelivered): {}", message.messageId(), e.toString());
        }
    }

    private void deadLetter(Message message, String reason) {
        // Only the request id goes along: whatever else a sender attached (a credential, say) has no business there.
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        MessageAttributeValue requestId = message.messageAttributes().get(BaseAQueue.REQUEST_ID);
        if (requestId != null) {
            attributes.put(BaseAQueue.REQUEST_ID, requestId);
        }
        attributes.put(DeadLetters.REASON, MessageAttributeValue.builder().dataType("String").stringValue(reason).build());
        attributes.put(DeadLetters.SOURCE_QUEUE, MessageAttributeValue.builder().dataType("String").stringValue(properties.requestQueueName()).build());
        sqs.sendMessage(b -> b.queueUrl(deadLetterUrl).messageBody(message.body().isEmpty() ? "(empty)" : message.body())
                .messageAttributes(attributes));
        log.warn("request message {} dead-lettered: {}", message.messageId(), reason);
    }

    /**
     * Batched with the other workers' deletes and not waited for: the worker goes back to the queue at once. A
     * delete that fails or is lost (a stop before the batch went out) only means a redelivery, which the request
     * id answers once ({@link AnsweredRequests}).
     */
    private void delete(Message message) {
        deletes.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("deleting request message {} failed (it will be redelivered and answered once): {}", message.messageId(), e.toString());
            }
        });
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        deletes.close(); // sends what is pending
        deleteTimer.shutdown();
    }

    /**
     * Before the web server (Boot starts it at {@code Integer.MAX_VALUE - 2048}): once the app answers HTTP — what
     * readiness probes and the tests wait for — the request queue exists and is being served.
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
