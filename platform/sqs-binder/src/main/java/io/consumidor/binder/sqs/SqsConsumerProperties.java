package io.consumidor.binder.sqs;

import java.time.Duration;

/**
 * SQS-specific consumer settings ({@code spring.cloud.stream.sqs.bindings.<binding>.consumer.*}). Attempts and
 * back-off come from the standard consumer properties ({@code max-attempts}, {@code back-off-initial-interval},
 * {@code back-off-multiplier}, {@code back-off-max-interval}); concurrency is the standard {@code concurrency}.
 * A JavaBean rather than a record because Spring Cloud Stream binds and merges extended properties by setters.
 */
public class SqsConsumerProperties {

    /** Messages asked for per receive call (SQS allows 1–10). */
    private int maxMessagesPerPoll = 10;
    /** Long-polling wait of each receive call. */
    private Duration pollTimeout = Duration.ofSeconds(5);
    /** Visibility timeout of the queue and of each received batch. */
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    /** Extend the visibility of a batch that is still being handled after half its timeout. */
    private boolean extendVisibility = true;
    /** Create the queue and its dead-letter queue when missing, and set the redrive policy. */
    private boolean provision = true;
    /** Dead-letter queue name; default {@code <queue>-dlq} ({@code <queue>-dlq.fifo} for FIFO queues). */
    private String dlqName;
    /**
     * SQS's own redrive threshold: a safety net for messages that kill the consumer before it can decide
     * (the binder dead-letters with a reason after {@code max-attempts}, well before this).
     */
    private int maxReceiveCount = 50;
    /** How long a stopping consumer waits for in-flight batches to finish. */
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    /**
     * Original attributes kept first on a dead letter when SQS's ten-attribute limit forces a choice (the
     * binder's own {@code dlq-*} attributes take five): an application names its key attributes here.
     */
    private java.util.List<String> deadLetterKeptAttributes = java.util.List.of("traceparent");

    public java.util.List<String> getDeadLetterKeptAttributes() {
        return deadLetterKeptAttributes;
    }

    public void setDeadLetterKeptAttributes(java.util.List<String> deadLetterKeptAttributes) {
        this.deadLetterKeptAttributes = java.util.List.copyOf(deadLetterKeptAttributes);
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        if (maxMessagesPerPoll < 1 || maxMessagesPerPoll > 10) {
            throw new IllegalArgumentException("max-messages-per-poll must be between 1 and 10 (an SQS limit), was " + maxMessagesPerPoll);
        }
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public Duration getPollTimeout() {
        return pollTimeout;
    }

    public void setPollTimeout(Duration pollTimeout) {
        if (pollTimeout.isNegative() || pollTimeout.toSeconds() > 20) {
            throw new IllegalArgumentException("poll-timeout must be between 0 and 20 s (an SQS limit), was " + pollTimeout);
        }
        this.pollTimeout = pollTimeout;
    }

    public Duration getVisibilityTimeout() {
        return visibilityTimeout;
    }

    public void setVisibilityTimeout(Duration visibilityTimeout) {
        if (visibilityTimeout.toSeconds() < 1 || visibilityTimeout.toHours() >= 12) {
            throw new IllegalArgumentException("visibility-timeout must be between 1 s and 12 h (an SQS limit), was " + visibilityTimeout);
        }
        this.visibilityTimeout = visibilityTimeout;
    }

    public boolean isExtendVisibility() {
        return extendVisibility;
    }

    public void setExtendVisibility(boolean extendVisibility) {
        this.extendVisibility = extendVisibility;
    }

    public boolean isProvision() {
        return provision;
    }

    public void setProvision(boolean provision) {
        this.provision = provision;
    }

    public String getDlqName() {
        return dlqName;
    }

    public void setDlqName(String dlqName) {
        this.dlqName = dlqName;
    }

    public int getMaxReceiveCount() {
        return maxReceiveCount;
    }

    public void setMaxReceiveCount(int maxReceiveCount) {
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("max-receive-count must be between 1 and 1000, was " + maxReceiveCount);
        }
        this.maxReceiveCount = maxReceiveCount;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }
}
