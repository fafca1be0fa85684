package io.consumidor.testsupport;

import io.awspring.cloud.sqs.operations.SqsOperations;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awspring.cloud.sqs.operations.TemplateAcknowledgementMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SqsStackIT {

    private final StackEnv stack = TestStack.env();
    private final SqsAsyncClient sqs = SqsAsyncClient.builder()
            .endpointOverride(URI.create(stack.sqsEndpoint()))
            .region(Region.of(stack.awsRegion()))
            .credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(stack.awsAccessKeyId(), stack.awsSecretAccessKey())))
            .build();
    private final SqsOperations template = SqsTemplate.builder().sqsAsyncClient(sqs)
            .configure(options -> options.acknowledgementMode(TemplateAcknowledgementMode.MANUAL))
            .buildSyncTemplate();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void closeClient() {
        sqs.close();
    }

    @Test
    void sqsTemplateSendsAndReceivesWithAttributes() {
        String queue = "smoke-" + suffix;
        sqs.createQueue(b -> b.queueName(queue)).join();

        template.send(to -> to.queue(queue).payload("{\"hello\":\"sqs\"}").header("event-type", "smoke.test"));
        Optional<Message<String>> received = template.receive(from -> from.queue(queue).pollTimeout(Duration.ofSeconds(5)), String.class);

        assertThat(received).isPresent();
        assertThat(received.get().getPayload()).isEqualTo("{\"hello\":\"sqs\"}");
        assertThat(received.get().getHeaders()).containsEntry("event-type", "smoke.test");
    }

    @Test
    void messageNotAcknowledgedPastMaxReceiveCountMovesToTheDeadLetterQueue() {
        String dlqUrl = sqs.createQueue(b -> b.queueName("smoke-dlq-" + suffix)).join().queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .join().attributes().get(QueueAttributeName.QUEUE_ARN);
        String queue = "smoke-redrive-" + suffix;
        sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"1\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"))).join();
        template.send(queue, "poison");

        // Received once and never acknowledged: the visibility timeout returns it, and the next receive
        // exceeds maxReceiveCount, so SQS moves it to the dead-letter queue.
        assertThat(template.receive(from -> from.queue(queue).pollTimeout(Duration.ofSeconds(5)), String.class)).isPresent();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            template.receive(from -> from.queue(queue).pollTimeout(Duration.ofSeconds(1)), String.class);
            Optional<Message<String>> dead = template.receive(
                    from -> from.queue("smoke-dlq-" + suffix).pollTimeout(Duration.ofSeconds(1)), String.class);
            assertThat(dead).map(Message::getPayload).contains("poison");
        });
    }
}
