package io.consumidor.ingest.outbox;

import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The outbox relay ({@code consumidor.ingest.outbox.*}).
 *
 * @param batchSize      rows claimed per poll (sent in SQS batches of 10)
 * @param sendConcurrency SQS batches in flight at once, over all claims being relayed
 * @param claimConcurrency claims relayed at once while draining: the next claim fills the send window while
 *                        the last batches of the previous one are still in flight (each claim is its own
 *                        transaction; {@code SKIP LOCKED} keeps them apart)
 * @param pollInterval   pause between polls when the outbox is drained
 * @param initialBackoff first retry delay of a failed send; doubles per attempt
 * @param maxBackoff     cap of the retry delay while SQS is unreachable
 * @param profileQueue   SQS queue of the {@link Feed#PROFILE} feed (Base B); empty = the contract's name in the
 *                       deployment's namespace ({@code consumidor.namespace})
 * @param activityQueue  SQS queue of the {@link Feed#ACTIVITY} feed (Base C); empty = likewise
 * @param namespace      the deployment's namespace ({@code consumidor.namespace}), bound by the app
 * @param sentRetention  how long a sent row stays (for an operator tracing a delivery), then it is purged: an
 *                       envelope holds a consumer's facts and lookups, so the outbox keeps no history of its own
 * @param purgeInterval  how often sent rows past the retention are purged
 */
@Validated
@ConfigurationProperties("consumidor.ingest.outbox")
public record OutboxProperties(
        @Min(1) @Max(1000) @DefaultValue("200") int batchSize,
        @Min(1) @Max(64) @DefaultValue("8") int sendConcurrency,
        @Min(1) @Max(8) @DefaultValue("2") int claimConcurrency,
        @NotNull @DefaultValue("200ms") Duration pollInterval,
        @NotNull @DefaultValue("500ms") Duration initialBackoff,
        @NotNull @DefaultValue("60s") Duration maxBackoff,
        @DefaultValue("") String profileQueue,
        @DefaultValue("") String activityQueue,
        @DefaultValue("") String namespace,
        @NotNull @DefaultValue("7d") Duration sentRetention,
        @NotNull @DefaultValue("1h") Duration purgeInterval) {

    public String queueOf(Feed feed) {
        String configured = switch (feed) {
            case PROFILE -> profileQueue;
            case ACTIVITY -> activityQueue;
        };
        return configured.isBlank() ? Queues.of(feed, Namespace.of(namespace)) : configured;
    }

    public Duration backoff(int attempts) {
        long millis = initialBackoff.toMillis() << Math.min(attempts, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
