package io.consumidor.ingest.outbox;

import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.MessageAttributes;
import io.consumidor.core.cpf.Cpf;
import io.consumidor.testsupport.TestCpfs;
import io.consumidor.ingest.consumer.ConsumerRequest;
import io.consumidor.ingest.consumer.ConsumerService;
import io.consumidor.stack.LocalStack;
import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = {"consumidor.ingest.outbox.initial-backoff=100ms", "consumidor.ingest.outbox.max-backoff=1s"})
class OutboxRelayIT {

    @Autowired
    ConsumerService consumers;

    @Autowired
    SqsAsyncClient sqs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxProperties outbox;

    @Test
    void relaysEachEventToItsFeedWithAttributesAndNoPii() {
        Cpf cpf = randomCpf();
        consumers.register(cpf, request("Carla Menezes"), null);
        String eventId = lastEventId("consumer.profile");

        Map<String, Message> received = receive(outbox.queueOf(Feed.PROFILE), Set.of(eventId));

        Message message = received.get(eventId);
        long version = jdbc.sql("SELECT source_version FROM base_a.outbox WHERE event_id = ?::uuid").param(eventId).query(Long.class).single();
        assertThat(message.messageAttributes().get(MessageAttributes.EVENT_TYPE).stringValue()).isEqualTo("consumer.profile");
        assertThat(message.messageAttributes().get(MessageAttributes.SUBJECT).stringValue()).startsWith("dev_");
        assertThat(message.messageAttributes().get(MessageAttributes.SOURCE_VERSION).stringValue()).isEqualTo(Long.toString(version));
        assertThat(message.body()).contains("\"sourceVersion\": " + version);
        assertThat(message.body()).contains("\"debtSummary\"").doesNotContain(cpf.digits(), cpf.formatted(), "Carla", "Menezes");
    }

    @Test
    void writesSucceedWhileSqsIsDownAndEveryEventArrivesAfterItReturns() {
        LocalStack stack = LocalStack.create(TestStack.env().settings(), new PrintStream(new ByteArrayOutputStream()));
        Set<String> expected = new HashSet<>();
        try {
            stack.kill("sqs");
            IntStream.range(0, 20).forEach(i -> {
                consumers.register(randomCpf(), request("Pessoa " + i), null);
                expected.add(lastEventId("consumer.profile"));
            });
            // Each event's first failed send is recorded after the SDK's own retries against a dead endpoint; on a
            // loaded 2-core CI machine that took longer than 20 s once (2026-12-02), so the bound is generous.
            await().atMost(Duration.ofSeconds(90)).until(() -> failedAttempts(expected) == expected.size());
        } finally {
            stack.up();
            stack.close();
        }

        Map<String, Message> received = receive(outbox.queueOf(Feed.PROFILE), expected);

        assertThat(received.keySet()).containsAll(expected);
        assertThat(jdbc.sql("SELECT count(*) FROM base_a.outbox WHERE event_id::text = ANY(?) AND sent_at IS NOT NULL")
                .param(expected.toArray(String[]::new)).query(Long.class).single()).isEqualTo(expected.size());
    }

    private long failedAttempts(Set<String> eventIds) {
        return jdbc.sql("SELECT count(*) FROM base_a.outbox WHERE event_id::text = ANY(?) AND attempts > 0 AND sent_at IS NULL")
                .param(eventIds.toArray(String[]::new)).query(Long.class).single();
    }

    private String lastEventId(String type) {
        return jdbc.sql("SELECT event_id::text FROM base_a.outbox WHERE event_type = ? ORDER BY id DESC LIMIT 1")
                .param(type).query(String.class).single();
    }

    /** Receives (and deletes) messages from the feed until every expected event id was seen. */
    private Map<String, Message> receive(String queue, Set<String> expected) {
        Map<String, Message> seen = new HashMap<>();
        // The relay creates the queue on its first send; until then getQueueUrl fails and we try again.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() -> {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).join().messages();
            for (Message message : batch) {
                seen.put(message.messageAttributes().get("eventId").stringValue(), message);
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle())).join();
            }
            return seen.keySet().containsAll(expected);
        });
        return seen;
    }

    private ConsumerRequest request(String name) {
        return new ConsumerRequest(name,
                new ConsumerRequest.Address("Rua Um", "1", null, "Natal", "RN", "59000000"),
                LocalDate.of(1980, 5, 1),
                List.of(new ConsumerRequest.Debt("11222333000181", new BigDecimal("99.90"), "BRL", LocalDate.of(2026, 1, 1),
                        ConsumerRequest.DebtStatus.OPEN, "CTR-" + name.hashCode())),
                List.of(), List.of());
    }

    private static Cpf randomCpf() {
        return TestCpfs.random();
    }
}
