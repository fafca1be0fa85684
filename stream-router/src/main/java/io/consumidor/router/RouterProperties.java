package io.consumidor.router;

import io.consumidor.core.wire.Feed;
import io.consumidor.core.wire.Namespace;
import io.consumidor.core.wire.Queues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * How the router runs ({@code consumidor.router.runtime.*}); the routes themselves are in {@code routes.yml}.
 *
 * @param writeTimeout       time limit of one destination's bulk write for one batch; past it the batch's
 *                           messages for that destination are retried later
 * @param writeThreads       threads writing destinations in parallel; a write holds its thread until the store
 *                           answered, so fewer threads than batches in flight × destinations per batch
 *                           throttle the router (the default covers 16 × 2 queues × 2 destinations)
 * @param namespace          the deployment's namespace ({@code consumidor.namespace}): prefixes queues and indices
 * @param queues             queues whose backlog is reported as a metric; empty = the two feeds of the
 *                           namespace and their dead-letter queues
 * @param backlogInterval    how often the backlog metric is refreshed
 * @param bulk               how Elasticsearch writes of concurrent batches are coalesced into bulk requests
 * @param erasureSweep       how often, and over how many days of erasures, late Elasticsearch documents of
 *                           erased subjects are looked for and deleted
 */
@Validated
@ConfigurationProperties("consumidor.router.runtime")
public record RouterProperties(
        @NotNull @DefaultValue("30s") Duration writeTimeout,
        @Min(1) @Max(512) @DefaultValue("64") int writeThreads,
        @DefaultValue("") String namespace,
        @DefaultValue({}) List<String> queues,
        @NotNull @DefaultValue("15s") Duration backlogInterval,
        @Valid @NotNull @DefaultValue Bulk bulk,
        @Valid @NotNull @DefaultValue ErasureSweep erasureSweep) {

    public Namespace deployment() {
        return Namespace.of(namespace);
    }

    /** The queues whose backlog is reported: as configured, or the namespace's feeds and their dead letters. */
    public List<String> observedQueues() {
        if (!queues.isEmpty()) {
            return queues;
        }
        List<String> feeds = java.util.Arrays.stream(Feed.values()).map(feed -> Queues.of(feed, deployment())).toList();
        return java.util.stream.Stream.concat(feeds.stream(), feeds.stream().map(Queues::deadLetters)).toList();
    }

    /**
     * The erasure sweep ({@code consumidor.router.runtime.erasure-sweep.*}).
     *
     * @param interval time between sweeps (the first runs one interval after start-up)
     * @param window   erasures older than this are no longer swept, and their tombstones and markers expire:
     *                 by then no late event can still arrive (SQS keeps a message 14 days at most)
     */
    public record ErasureSweep(
            @NotNull @DefaultValue("5m") Duration interval,
            @NotNull @DefaultValue("15d") Duration window) {
    }

    /**
     * Elasticsearch bulk coalescing ({@code consumidor.router.runtime.bulk.*}). An SQS batch holds at most ten
     * messages; sending each batch's documents as its own bulk request made Elasticsearch spend its time on
     * request overhead. The writes of all batches in flight are gathered instead and sent together.
     *
     * @param maxOperations          operations per bulk request at most
     * @param maxConcurrentRequests  bulk requests in flight at once; further writes wait (back-pressure)
     * @param flushInterval          how long an operation may wait for company before its request is sent
     */
    public record Bulk(
            @Min(1) @Max(10_000) @DefaultValue("1000") int maxOperations,
            @Min(1) @Max(16) @DefaultValue("2") int maxConcurrentRequests,
            @NotNull @DefaultValue("10ms") Duration flushInterval) {
    }
}
