package io.consumidor.binder.sqs;

/**
 * SQS-specific producer settings ({@code spring.cloud.stream.sqs.bindings.<binding>.producer.*}). For a FIFO
 * queue (name ending in {@code .fifo}) the message group is the standard {@code partition-key-expression}
 * evaluated against the message (for example {@code headers['subject']}), so one subject's messages stay in order.
 */
public class SqsProducerProperties {

    /** Create the queue when missing. */
    private boolean provision = true;
    /** Header whose value becomes the FIFO deduplication id; without it the message id is used. */
    private String deduplicationIdHeader = "eventId";

    public boolean isProvision() {
        return provision;
    }

    public void setProvision(boolean provision) {
        this.provision = provision;
    }

    public String getDeduplicationIdHeader() {
        return deduplicationIdHeader;
    }

    public void setDeduplicationIdHeader(String deduplicationIdHeader) {
        this.deduplicationIdHeader = deduplicationIdHeader;
    }
}
