package io.consumidor.system;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.core.wire.DeadLetters;
import io.consumidor.core.wire.Queues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./pipeline dlq list} shows every dead letter's reason, a Base A request's as much as a feed's: the real
 * worker (ingest-app's jar) dead-letters a request without a request id, and the router's packaged {@code dlq list}
 * prints the reason the worker gave — one attribute name for both writers (core's {@code DeadLetters}).
 */
class DeadLetterListIT {

    private final PipelineStores stores = new PipelineStores();
    private IngestApi worker;

    @AfterEach
    void tearDown() {
        if (worker != null) {
            worker.process.close();
        }
        stores.close();
    }

    @Test
    void theBaseAQueuesDeadLetterIsListedWithItsReason() throws Exception {
        worker = IngestApi.start(stores, "dlq-list-worker-" + stores.suffix);
        String requests = stores.namespace.apply(BaseAQueue.REQUESTS);
        String deadLetters = Queues.deadLetters(requests);
        await().atMost(Duration.ofSeconds(60)).until(() -> stores.queues.client().listQueues(b -> b.queueNamePrefix(deadLetters))
                .queueUrls().stream().anyMatch(url -> url.endsWith("/" + deadLetters)));
        stores.queues.client().sendMessage(b -> b.queueUrl(stores.queues.url(requests)).messageBody("{\"not\":\"a request\"}")
                .messageAttributes(Map.of("replyTo", MessageAttributeValue.builder().dataType("String").stringValue("nowhere").build())));
        await().atMost(Duration.ofSeconds(30)).until(() -> stores.queues.depth(deadLetters) == 1);
        // What the worker wrote, peeked (it stays): the listing must print exactly this reason.
        String reason = stores.queues.client().receiveMessage(b -> b.queueUrl(stores.queues.url(deadLetters)).visibilityTimeout(0)
                .messageAttributeNames("All").waitTimeSeconds(5)).messages().get(0).messageAttributes().get(DeadLetters.REASON).stringValue();
        assertThat(reason).isNotBlank();

        try (AppProcess list = AppProcess.start(stores.stack, "stream-router", "dlq-list-" + stores.suffix, stores.environment(),
                List.of("dlq", "list", deadLetters), () -> true)) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).as(list.tail()).isZero();
            String printed = Files.readString(list.log());
            assertThat(printed).contains(deadLetters + ": 1 message(s)").contains("reason=" + reason + " route=");
        }
    }
}
