package io.consumidor.ingest.outbox;

import io.consumidor.ingest.consumer.ConsumerRequest;
import io.consumidor.ingest.consumer.ConsumerService;
import io.consumidor.testsupport.TestCpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several claims relayed at once (small claims, three claimers) send every event exactly once: {@code SKIP
 * LOCKED} keeps the claims apart and each is marked sent in its own transaction.
 */
@SpringBootTest(properties = {"consumidor.ingest.outbox.batch-size=10", "consumidor.ingest.outbox.claim-concurrency=3",
        "consumidor.ingest.outbox.send-concurrency=4", "consumidor.ingest.outbox.poll-interval=1h"})
class OutboxConcurrentClaimsIT {

    static final String QUEUE = "it-claims-" + UUID.randomUUID().toString().substring(0, 8);
    static final int EVENTS = 150;

    @DynamicPropertySource
    static void ownQueue(DynamicPropertyRegistry registry) {
        registry.add("consumidor.ingest.outbox.profile-queue", () -> QUEUE);
    }

    @Autowired
    ConsumerService consumers;

    @Autowired
    OutboxRelay relay;

    @Autowired
    SqsAsyncClient sqs;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void deleteQueue() {
        sqs.getQueueUrl(b -> b.queueName(QUEUE)).thenCompose(url -> sqs.deleteQueue(b -> b.queueUrl(url.queueUrl())))
                .exceptionally(missing -> null).join();
    }

    @Test
    void everyEventIsSentExactlyOnce() {
        long firstId = jdbc.sql("SELECT coalesce(max(id), 0) FROM base_a.outbox").query(Long.class).single();
        for (int i = 0; i < EVENTS; i++) {
            consumers.register(TestCpfs.random(), request(), null);
        }
        List<String> expected = jdbc.sql("SELECT event_id::text FROM base_a.outbox WHERE id > ? AND destination = ?")
                .params(firstId, QUEUE).query(String.class).list();
        assertThat(expected).hasSize(EVENTS);

        while (relay.drainAll() > 0) {
            // until a drain finds nothing left
        }
        // Another test context's scheduled relay may hold a claim of these rows; wait until it marked them sent.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM base_a.outbox WHERE id > ? AND destination = ? AND sent_at IS NULL")
                .params(firstId, QUEUE).query(Long.class).single() == 0);

        Map<String, Integer> copies = new HashMap<>();
        String url = sqs.getQueueUrl(b -> b.queueName(QUEUE)).join().queueUrl();
        // Receive until a long poll comes back empty: every copy is in the queue once the drain returned.
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(60)
                    .messageAttributeNames("All")).join().messages();
            batch.forEach(message -> copies.merge(message.messageAttributes().get("eventId").stringValue(), 1, Integer::sum));
        } while (!batch.isEmpty());

        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(copies.values()).containsOnly(1);
    }

    private static ConsumerRequest request() {
        return new ConsumerRequest("Pessoa Claims", new ConsumerRequest.Address("Rua Dois", "2", null, "Natal", "RN", "59000000"),
                LocalDate.of(1982, 3, 1),
                List.of(new ConsumerRequest.Debt("11222333000181", new BigDecimal("10.00"), "BRL", LocalDate.of(2026, 1, 1),
                        ConsumerRequest.DebtStatus.OPEN, "CTR-CLAIMS")),
                List.of(), List.of());
    }
}
