package io.consumidor.binder.sqs;

import io.awspring.cloud.sqs.listener.ListenerMode;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The consumer endpoint of a binding: a Spring Cloud AWS listener container in batch mode with
 * <em>manual</em> acknowledgement, feeding the binding's channel. The adapter — not the container — decides
 * the fate of each message after the handler returned: handled messages are deleted (and the delete awaited
 * before the next batch), failed ones are given back with a back-off visibility, or dead-lettered with a
 * reason once out of attempts.
 *
 * <p>Two traps this avoids. (1) With an error channel, an inbound adapter's {@code sendMessage} turns a
 * handler exception into an error message and returns normally, so the message is acknowledged — deleted —
 * although it failed. This adapter sends to the channel itself and inspects the exception. (2) Spring Cloud
 * AWS 4.1.0 buffers acknowledgements and can drop buffered ones when the container stops. Here nothing is
 * buffered: the container never acknowledges (manual mode), the adapter deletes synchronously inside the
 * listener call, and the container's stop waits for listener calls in flight ({@code shutdown-timeout}).
 */
public class SqsInboundChannelAdapter extends MessageProducerSupport {

    private static final Logger log = LoggerFactory.getLogger(SqsInboundChannelAdapter.class);
    private static final ScheduledExecutorService VISIBILITY = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sqs-visibility-extender");
        thread.setDaemon(true);
        return thread;
    });

    private final SqsAsyncClient sqs;
    private final SqsDestination destination;
    private final ExtendedConsumerProperties<SqsConsumerProperties> properties;
    private final MessageSettlement settlement;
    private SqsMessageListenerContainer<Object> container;

    public SqsInboundChannelAdapter(SqsAsyncClient sqs, SqsDestination destination,
                                    ExtendedConsumerProperties<SqsConsumerProperties> properties) {
        this.sqs = sqs;
        this.destination = destination;
        this.properties = properties;
        this.settlement = new MessageSettlement(sqs, destination, properties);
    }

    @Override
    protected void onInit() {
        super.onInit();
        SqsConsumerProperties sqsProperties = properties.getExtension();
        int perPoll = sqsProperties.getMaxMessagesPerPoll();
        int concurrency = Math.max(1, properties.getConcurrency());
        container = SqsMessageListenerContainer.builder()
                .id("sqs-binder-" + destination.name())
                .sqsAsyncClient(sqs)
                .queueNames(destination.name())
                .messageListener(new MessageListener<>() {
                    @Override
                    public void onMessage(Message<Object> message) {
                        onBatch(List.of(message));
                    }

                    @Override
                    public void onMessage(Collection<Message<Object>> messages) {
                        onBatch(messages);
                    }
                })
                .configure(options -> options
                        .listenerMode(ListenerMode.BATCH)
                        .acknowledgementMode(AcknowledgementMode.MANUAL)
                        .maxMessagesPerPoll(perPoll)
                        .maxConcurrentMessages(perPoll * concurrency)
                        .pollTimeout(sqsProperties.getPollTimeout())
                        .messageVisibility(sqsProperties.getVisibilityTimeout())
                        .listenerShutdownTimeout(sqsProperties.getShutdownTimeout())
                        .messageAttributeNames(List.of("All"))
                        .messageSystemAttributeNames(List.of(MessageSystemAttributeName.ALL))
                        .autoStartup(false))
                .build();
    }

    @Override
    protected void doStart() {
        container.start();
    }

    @Override
    protected void doStop() {
        // Returns once listener calls in flight have finished (and deleted what they handled), or after
        // shutdown-timeout; whatever was received but not handled becomes visible again on its own.
        container.stop();
    }

    private void onBatch(Collection<Message<Object>> received) {
        List<software.amazon.awssdk.services.sqs.model.Message> batch = received.stream()
                .map(m -> (software.amazon.awssdk.services.sqs.model.Message)
                        m.getHeaders().get(io.awspring.cloud.sqs.listener.SqsHeaders.SQS_SOURCE_DATA_HEADER))
                .toList();
        ScheduledFuture<?> extension = extendVisibilityWhileHandling(batch);
        Map<Integer, BatchItemFailures.Failure> failures;
        try {
            failures = properties.isBatchMode() ? dispatchBatch(batch) : dispatchEach(batch);
        } finally {
            if (extension != null) {
                extension.cancel(false);
            }
        }
        settlement.settle(batch, failures);
    }

    private Map<Integer, BatchItemFailures.Failure> dispatchBatch(List<software.amazon.awssdk.services.sqs.model.Message> batch) {
        List<String> bodies = new ArrayList<>(batch.size());
        List<Map<String, Object>> headers = new ArrayList<>(batch.size());
        for (var message : batch) {
            bodies.add(message.body());
            headers.add(SqsHeaders.fromMessage(message, destination.name()));
        }
        Message<List<String>> message = MessageBuilder.withPayload(bodies)
                .setHeader(SqsHeaders.BATCH_HEADERS, headers)
                .setHeader(SqsHeaders.QUEUE, destination.name())
                .build();
        try {
            getOutputChannel().send(message);
            return Map.of();
        } catch (RuntimeException e) {
            return failuresOf(e, batch.size());
        }
    }

    private Map<Integer, BatchItemFailures.Failure> dispatchEach(List<software.amazon.awssdk.services.sqs.model.Message> batch) {
        Map<Integer, BatchItemFailures.Failure> failures = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            var message = batch.get(i);
            try {
                getOutputChannel().send(MessageBuilder.withPayload(message.body())
                        .copyHeaders(SqsHeaders.fromMessage(message, destination.name())).build());
            } catch (RuntimeException e) {
                BatchItemFailures.Failure failure = failuresOf(e, 1).get(0);
                failures.put(i, new BatchItemFailures.Failure(i, failure.reason(), failure.cause(), failure.deadLetterNow(),
                        failure.attributes()));
            }
        }
        return failures;
    }

    /** The handler's own per-message verdicts, or — for any other exception — every message failed alike. */
    private static Map<Integer, BatchItemFailures.Failure> failuresOf(RuntimeException e, int size) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BatchItemFailures items) {
                Map<Integer, BatchItemFailures.Failure> failures = new LinkedHashMap<>();
                items.failures().forEach(f -> failures.put(f.index(), f));
                return failures;
            }
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        Map<Integer, BatchItemFailures.Failure> failures = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            failures.put(i, new BatchItemFailures.Failure(i, "handler-error", cause, false, Map.of()));
        }
        return failures;
    }

    /** Keeps a slow batch invisible: every half timeout, its visibility is pushed out by a full timeout. */
    private ScheduledFuture<?> extendVisibilityWhileHandling(List<software.amazon.awssdk.services.sqs.model.Message> batch) {
        SqsConsumerProperties sqsProperties = properties.getExtension();
        if (!sqsProperties.isExtendVisibility()) {
            return null;
        }
        Duration timeout = sqsProperties.getVisibilityTimeout();
        long period = Math.max(500, timeout.toMillis() / 2);
        return VISIBILITY.scheduleAtFixedRate(() -> settlement.extendVisibility(batch, timeout), period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public String getComponentType() {
        return "sqs:inbound-channel-adapter";
    }
}
