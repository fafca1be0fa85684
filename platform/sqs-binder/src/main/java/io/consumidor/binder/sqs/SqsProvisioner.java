package io.consumidor.binder.sqs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningException;
import org.springframework.cloud.stream.provisioning.ProvisioningProvider;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Creates what a binding needs: the queue (standard or FIFO by its {@code .fifo} suffix), and for a consumer
 * its dead-letter queue plus a redrive policy on the main queue. An existing queue keeps its attributes except
 * the redrive policy and visibility timeout, which are set to the binding's so a queue first created by a
 * producer (say, the ingest relay) still gets its safety net.
 */
public class SqsProvisioner implements ProvisioningProvider<ExtendedConsumerProperties<SqsConsumerProperties>,
        ExtendedProducerProperties<SqsProducerProperties>> {

    private static final Logger log = LoggerFactory.getLogger(SqsProvisioner.class);

    private final SqsAsyncClient sqs;

    public SqsProvisioner(SqsAsyncClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public SqsDestination provisionProducerDestination(String name, ExtendedProducerProperties<SqsProducerProperties> properties) {
        validateName(name);
        try {
            String url = properties.getExtension().isProvision() ? create(name, Map.of()) : urlOf(name);
            return new SqsDestination(name, url, null);
        } catch (RuntimeException e) {
            throw new ProvisioningException("cannot provision SQS queue '" + name + "' for producing: " + rootMessage(e), e);
        }
    }

    @Override
    public SqsDestination provisionConsumerDestination(String name, String group,
                                                       ExtendedConsumerProperties<SqsConsumerProperties> properties) {
        validateName(name);
        SqsConsumerProperties sqsProperties = properties.getExtension();
        try {
            if (!sqsProperties.isProvision()) {
                String url = urlOf(name);
                String dlq = sqsProperties.getDlqName() == null ? null : urlOf(sqsProperties.getDlqName());
                return new SqsDestination(name, url, dlq);
            }
            String dlqName = deadLetterName(name, sqsProperties);
            String dlqUrl = create(dlqName, Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"));
            String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN)).join()
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            Map<QueueAttributeName, String> attributes = Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(sqsProperties.getVisibilityTimeout().toSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                            + sqsProperties.getMaxReceiveCount() + "\"}");
            String url = create(name, attributes);
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes)).join();
            log.info("SQS consumer destination {} (dead letters to {}, redrive after {} receives)", name, dlqName,
                    sqsProperties.getMaxReceiveCount());
            return new SqsDestination(name, url, dlqUrl);
        } catch (RuntimeException e) {
            throw new ProvisioningException("cannot provision SQS queue '" + name + "' for consuming: " + rootMessage(e), e);
        }
    }

    static String deadLetterName(String queue, SqsConsumerProperties properties) {
        if (properties.getDlqName() != null && !properties.getDlqName().isBlank()) {
            return properties.getDlqName();
        }
        return io.consumidor.core.wire.Queues.deadLetters(queue);
    }

    private String create(String name, Map<QueueAttributeName, String> extra) {
        Map<QueueAttributeName, String> attributes = new HashMap<>(extra);
        if (name.endsWith(".fifo")) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        try {
            return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).join().queueUrl();
        } catch (CompletionException e) {
            // An existing queue with other attributes: keep it, the caller sets what matters.
            if (e.getCause() != null && e.getCause().getClass().getSimpleName().contains("QueueNameExists")) {
                return urlOf(name);
            }
            throw e;
        }
    }

    private String urlOf(String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl();
        } catch (CompletionException e) {
            if (e.getCause() instanceof QueueDoesNotExistException) {
                throw new ProvisioningException("SQS queue '" + name + "' does not exist and provisioning is off (provision: false)");
            }
            throw e;
        }
    }

    private static void validateName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,75}(\\.fifo)?")) {
            throw new ProvisioningException("'" + name + "' is not a valid SQS queue name: 1–80 characters of letters, digits,"
                    + " '-' and '_', with an optional '.fifo' suffix");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
