package io.consumidor.binder.sqs;

import io.consumidor.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The binder against ElasticMQ: provisioning, headers, partial batch failures, dead letters, shutdown. */
class SqsBinderIT {

    private static SqsClient sqs;

    @BeforeAll
    static void client() {
        var env = TestStack.env();
        sqs = SqsClient.builder().endpointOverride(URI.create(env.sqsEndpoint())).region(Region.of(env.awsRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.awsAccessKeyId(), env.awsSecretAccessKey())))
                .build();
    }

    @AfterAll
    static void close() {
        sqs.close();
    }

    private static String queue(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String[] batchConsumer(String queue, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.cloud.function.definition=batchSink",
                "spring.cloud.stream.bindings.batchSink-in-0.destination=" + queue,
                "spring.cloud.stream.bindings.batchSink-in-0.content-type=text/plain",
                "spring.cloud.stream.bindings.batchSink-in-0.consumer.batch-mode=true",
                "spring.cloud.stream.bindings.batchSink-in-0.consumer.max-attempts=2",
                "spring.cloud.stream.bindings.batchSink-in-0.consumer.back-off-initial-interval=100",
                "spring.cloud.stream.sqs.bindings.batchSink-in-0.consumer.poll-timeout=1s"));
        properties.addAll(List.of(more));
        // A later setting of the same key replaces the earlier one (as arguments, duplicates would become a list).
        Map<String, String> byKey = new java.util.LinkedHashMap<>();
        properties.forEach(p -> byKey.put(p.substring(0, p.indexOf('=')), p));
        return byKey.values().toArray(String[]::new);
    }

    private static void send(String queue, List<String> bodies) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        for (String body : bodies) {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(Map.of("eventId",
                    MessageAttributeValue.builder().dataType("String").stringValue("id-" + body).build())));
        }
    }

    private static List<Message> drain(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        List<Message> all = new ArrayList<>();
        List<Message> got;
        do {
            got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            all.addAll(got);
        } while (!got.isEmpty());
        return all;
    }

    private static int visibleAndInFlight(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void provisionsTheQueueWithADeadLetterQueueAndRedrivePolicy() {
        String queue = queue("prov");
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue,
                "spring.cloud.stream.sqs.bindings.batchSink-in-0.consumer.max-receive-count=7"))) {
            String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains(queue + "-dlq")
                    .containsPattern("\"maxReceiveCount\"\\s*:\\s*\"?7\"?\\s*[,}]");
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("30");
            assertThat(sqs.getQueueUrl(b -> b.queueName(queue + "-dlq")).queueUrl()).isNotBlank();
        }
    }

    @Test
    void producerAndConsumerCarryHeadersAsMessageAttributes() {
        String queue = queue("roundtrip");
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue,
                "spring.cloud.stream.bindings.out-0.destination=" + queue,
                "spring.cloud.stream.output-bindings=out"))) {
            app.getBean(StreamBridge.class).send("out-0", MessageBuilder.withPayload("{\"hello\":1}")
                    .setHeader("eventType", "greeting").setHeader("sourceVersion", 42L)
                    .setHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build());
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.handled.size() == 1);
            assertThat(recorder.handled).containsExactly("{\"hello\":1}");
            Map<String, Object> headers = recorder.headers.get(0);
            assertThat(headers).containsEntry("eventType", "greeting").containsEntry("sourceVersion", 42L)
                    .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .containsEntry(SqsHeaders.RECEIVE_COUNT, 1).containsKey(SqsHeaders.MESSAGE_ID);
            await().atMost(Duration.ofSeconds(10)).until(() -> visibleAndInFlight(queue) == 0);
        }
    }

    @Test
    void aPartialBatchFailureDeletesOnlyTheHandledMessagesAndDeadLettersTheRestWithReasons() {
        String queue = queue("partial");
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue))) {
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            recorder.failHopeless.add("poison");
            recorder.failRetryable.add("flaky");
            List<String> bodies = new ArrayList<>(IntStream.range(0, 8).mapToObj(i -> "good-" + i).toList());
            bodies.add(3, "poison");
            bodies.add(6, "flaky");
            send(queue, bodies);

            await().atMost(Duration.ofSeconds(30)).until(() -> visibleAndInFlight(queue + "-dlq") == 2 && visibleAndInFlight(queue) == 0);
            // Each good message handled exactly once: the failures did not send their batch-mates back.
            assertThat(recorder.handled).hasSize(8).doesNotHaveDuplicates();
            List<Message> dead = drain(queue + "-dlq");
            assertThat(dead).extracting(Message::body).containsExactlyInAnyOrder("poison", "flaky");
            Message poison = dead.stream().filter(m -> m.body().equals("poison")).findFirst().orElseThrow();
            assertThat(poison.messageAttributes().get("dlq-reason").stringValue()).isEqualTo("poison");
            assertThat(poison.messageAttributes().get("dlq-route").stringValue()).isEqualTo("test-route");
            assertThat(poison.messageAttributes().get("dlq-error-class").stringValue()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(poison.messageAttributes().get("dlq-error-message").stringValue()).isEqualTo("cannot parse poison");
            assertThat(poison.messageAttributes().get("dlq-source-queue").stringValue()).isEqualTo(queue);
            assertThat(poison.messageAttributes().get("dlq-attempts").stringValue()).isEqualTo("1");
            assertThat(poison.messageAttributes().get("eventId").stringValue()).isEqualTo("id-poison");
            Message flaky = dead.stream().filter(m -> m.body().equals("flaky")).findFirst().orElseThrow();
            // Retryable: dead-lettered only after max-attempts (2) deliveries.
            assertThat(flaky.messageAttributes().get("dlq-reason").stringValue()).isEqualTo("store-unavailable");
            assertThat(flaky.messageAttributes().get("dlq-attempts").stringValue()).isEqualTo("2");
        }
    }

    @Test
    void aRetryableFailureSucceedsOnALaterAttemptWithoutADeadLetter() {
        String queue = queue("retry");
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue,
                "spring.cloud.stream.bindings.batchSink-in-0.consumer.max-attempts=5"))) {
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            recorder.failRetryable.add("later");
            send(queue, List.of("later"));
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.batches >= 2);
            recorder.failRetryable.clear();
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.handled.contains("later"));
            await().atMost(Duration.ofSeconds(10)).until(() -> visibleAndInFlight(queue) == 0);
            assertThat(visibleAndInFlight(queue + "-dlq")).isZero();
        }
    }

    @Test
    void aFailingMessageOfAPerMessageBindingIsNotAcknowledged() {
        String queue = queue("single");
        try (ConfigurableApplicationContext app = BinderTestApp.start(
                "spring.cloud.function.definition=oneSink",
                "spring.cloud.stream.bindings.oneSink-in-0.destination=" + queue,
                "spring.cloud.stream.bindings.oneSink-in-0.content-type=text/plain",
                "spring.cloud.stream.bindings.oneSink-in-0.consumer.max-attempts=2",
                "spring.cloud.stream.bindings.oneSink-in-0.consumer.back-off-initial-interval=100",
                "spring.cloud.stream.sqs.bindings.oneSink-in-0.consumer.poll-timeout=1s")) {
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            recorder.failRetryable.add("bad");
            send(queue, List.of("ok-1", "bad", "ok-2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> visibleAndInFlight(queue + "-dlq") == 1 && visibleAndInFlight(queue) == 0);
            assertThat(recorder.handled).containsExactlyInAnyOrder("ok-1", "ok-2");
            Message dead = drain(queue + "-dlq").get(0);
            assertThat(dead.body()).isEqualTo("bad");
            assertThat(dead.messageAttributes().get("dlq-reason").stringValue()).isEqualTo("handler-error");
            assertThat(dead.messageAttributes().get("dlq-error-message").stringValue()).contains("handler failed on purpose");
        }
    }

    @Test
    void aShutdownMidStreamLosesNothing() {
        String queue = queue("shutdown");
        List<String> bodies = IntStream.range(0, 1000).mapToObj(i -> "m-" + i).toList();
        Set<String> handled = new HashSet<>();
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue,
                "spring.cloud.stream.bindings.batchSink-in-0.consumer.concurrency=3"))) {
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            recorder.delayMillis = 30;
            send(queue, bodies);
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.handled.size() >= 30);
            long closing = System.nanoTime();
            app.close(); // mid-stream: batches in flight finish and are deleted, or return to the queue
            handled.addAll(recorder.handled);
            System.out.printf("shutdown took %d ms; %d handled before it%n", (System.nanoTime() - closing) / 1_000_000, handled.size());
            assertThat(recorder.handled).doesNotHaveDuplicates();
        }
        // How many the first consumer handles while stopping depends on timing (it finishes what its container
        // already received); what must hold is below: nothing lost, nothing handled twice.
        // What was handled before the shutdown is gone from the queue; everything else is still there.
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue,
                "spring.cloud.stream.sqs.bindings.batchSink-in-0.consumer.visibility-timeout=2s"))) {
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            await().atMost(Duration.ofSeconds(90)).until(() -> handled.size() + recorder.handled.size() >= bodies.size()
                    && visibleAndInFlight(queue) == 0);
            Set<String> all = new HashSet<>(handled);
            all.addAll(recorder.handled);
            assertThat(all).containsExactlyInAnyOrderElementsOf(bodies);
            assertThat(recorder.handled).doesNotContainAnyElementsOf(handled);
        }
    }

    @Test
    void aFifoProducerNeedsAMessageGroup() {
        var properties = new org.springframework.cloud.stream.binder.ExtendedProducerProperties<>(new SqsProducerProperties());
        assertThatThrownBy(() -> new SqsOutboundMessageHandler(null, new SqsDestination("q.fifo", "http://q", null), properties))
                .hasMessageContaining("partition-key-expression");
    }

    @Test
    void aFifoQueueKeepsEachGroupInOrder() {
        String queue = queue("order") + ".fifo";
        try (ConfigurableApplicationContext app = BinderTestApp.start(batchConsumer(queue,
                "spring.cloud.stream.bindings.out-0.destination=" + queue,
                "spring.cloud.stream.bindings.out-0.producer.partition-key-expression=headers['subject']",
                "spring.cloud.stream.output-bindings=out"))) {
            StreamBridge bridge = app.getBean(StreamBridge.class);
            for (int i = 0; i < 20; i++) {
                bridge.send("out-0", MessageBuilder.withPayload("s" + (i % 2) + "-" + i).setHeader("subject", "s" + (i % 2))
                        .setHeader("eventId", UUID.randomUUID().toString()).build());
            }
            BinderTestApp.Recorder recorder = app.getBean(BinderTestApp.Recorder.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.handled.size() == 20);
            for (String group : List.of("s0-", "s1-")) {
                List<Integer> sequence = recorder.handled.stream().filter(b -> b.startsWith(group))
                        .map(b -> Integer.parseInt(b.substring(3))).toList();
                assertThat(sequence).isSorted().hasSize(10);
            }
        }
    }
}
