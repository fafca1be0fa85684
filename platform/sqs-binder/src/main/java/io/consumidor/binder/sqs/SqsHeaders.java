package io.consumidor.binder.sqs;

import io.consumidor.core.wire.DeadLetters;

import org.springframework.messaging.MessageHeaders;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Headers ↔ SQS message attributes. String and number headers travel as attributes of the same type
 * (W3C {@code traceparent} included, so trace context crosses the queue); Spring's own headers
 * ({@code id}, {@code timestamp}) and binder-internal ones do not. SQS allows at most ten attributes per
 * message: the producer fails loudly rather than dropping some silently.
 */
public final class SqsHeaders {

    /** The SQS message id of a received message. */
    public static final String MESSAGE_ID = "sqs_messageId";
    /** How many times SQS has delivered this message, this delivery included. */
    public static final String RECEIVE_COUNT = "sqs_receiveCount";
    /** The queue a message was received from. */
    public static final String QUEUE = "sqs_queue";
    /** In batch mode: one header map per message of the {@code List} payload, in the same order. */
    public static final String BATCH_HEADERS = "sqs_batchHeaders";

    /** Attributes the binder writes on a dead letter: the contract's ({@link DeadLetters}), shared with the Base A worker. */
    public static final String DLQ_REASON = DeadLetters.REASON;
    public static final String DLQ_ERROR_CLASS = DeadLetters.ERROR_CLASS;
    public static final String DLQ_ERROR_MESSAGE = DeadLetters.ERROR_MESSAGE;
    public static final String DLQ_SOURCE_QUEUE = DeadLetters.SOURCE_QUEUE;
    public static final String DLQ_ATTEMPTS = DeadLetters.ATTEMPTS;

    static final int MAX_ATTRIBUTES = 10;
    private static final Set<String> NOT_MAPPED = Set.of(MessageHeaders.ID, MessageHeaders.TIMESTAMP, MESSAGE_ID,
            RECEIVE_COUNT, QUEUE, BATCH_HEADERS);

    private SqsHeaders() {
    }

    /** The headers of a received message: its attributes plus id, receive count and queue. */
    static Map<String, Object> fromMessage(Message message, String queue) {
        Map<String, Object> headers = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> headers.put(name, fromAttribute(value)));
        headers.put(MESSAGE_ID, message.messageId());
        headers.put(RECEIVE_COUNT, receiveCount(message));
        headers.put(QUEUE, queue);
        return headers;
    }

    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }

    /** The attributes for sending a message with these headers. */
    static Map<String, MessageAttributeValue> toAttributes(Map<String, Object> headers) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        headers.forEach((name, value) -> {
            if (NOT_MAPPED.contains(name) || name.startsWith("Sqs_") || name.startsWith("scst_") || value == null) {
                return;
            }
            if (value instanceof Number number) {
                attributes.put(name, MessageAttributeValue.builder().dataType("Number").stringValue(number.toString()).build());
            } else if (value instanceof CharSequence || value instanceof org.springframework.util.MimeType) {
                attributes.put(name, string(value.toString()));
            }
        });
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("SQS allows at most " + MAX_ATTRIBUTES + " message attributes; this message"
                    + " would carry " + attributes.size() + ": " + attributes.keySet());
        }
        return attributes;
    }

    static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static Object fromAttribute(MessageAttributeValue value) {
        if (value.dataType() != null && value.dataType().startsWith("Number")) {
            String text = value.stringValue();
            try {
                return text.contains(".") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return value.stringValue();
    }
}
