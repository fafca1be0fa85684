package io.consumidor.binder.sqs;

import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;

/**
 * The producer side of a binding: one {@code SendMessage} per message, awaited, so a failed send surfaces
 * as an exception in the sender's thread rather than disappearing. Headers become message attributes; for
 * a FIFO queue the {@code partition-key-expression} names the message group and the configured header the
 * deduplication id.
 */
public class SqsOutboundMessageHandler extends AbstractMessageHandler {

    private final SqsAsyncClient sqs;
    private final SqsDestination destination;
    private final ExtendedProducerProperties<SqsProducerProperties> properties;
    private final EvaluationContext evaluation = new StandardEvaluationContext();

    public SqsOutboundMessageHandler(SqsAsyncClient sqs, SqsDestination destination,
                                     ExtendedProducerProperties<SqsProducerProperties> properties) {
        this.sqs = sqs;
        this.destination = destination;
        this.properties = properties;
        if (destination.fifo() && properties.getPartitionKeyExpression() == null) {
            throw new IllegalArgumentException("FIFO queue " + destination.name() + " needs a partition-key-expression"
                    + " (the message group, for example headers['subject'])");
        }
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        Object payload = message.getPayload();
        String body = payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : payload.toString();
        try {
            sqs.sendMessage(b -> {
                b.queueUrl(destination.url()).messageBody(body).messageAttributes(SqsHeaders.toAttributes(message.getHeaders()));
                if (destination.fifo()) {
                    Expression group = properties.getPartitionKeyExpression();
                    Object groupId = group.getValue(evaluation, message);
                    if (groupId == null) {
                        throw new IllegalArgumentException("the partition-key-expression gave no message group for FIFO queue "
                                + destination.name());
                    }
                    Object dedup = message.getHeaders().get(properties.getExtension().getDeduplicationIdHeader());
                    b.messageGroupId(groupId.toString())
                            .messageDeduplicationId(dedup != null ? dedup.toString() : String.valueOf(message.getHeaders().getId()));
                }
            }).join();
        } catch (CompletionException e) {
            throw new MessageHandlingException(message, "send to SQS queue " + destination.name() + " failed", e.getCause());
        }
    }
}
