package io.consumidor.binder.sqs;

import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;

/** A provisioned queue: its name and URL, and — for consumers — the URL of its dead-letter queue. */
public record SqsDestination(String name, String url, String deadLetterUrl) implements ConsumerDestination, ProducerDestination {

    @Override
    public String getName() {
        return name;
    }

    /** SQS has no partitions; FIFO message groups take their place. */
    @Override
    public String getNameForPartition(int partition) {
        return name;
    }

    public boolean fifo() {
        return name.endsWith(".fifo");
    }
}
