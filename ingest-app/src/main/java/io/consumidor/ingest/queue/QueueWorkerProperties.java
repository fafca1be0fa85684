package io.consumidor.ingest.queue;

import io.consumidor.apisecurity.ClientRateLimits;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.core.wire.Namespace;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Base A's queue worker ({@code consumidor.ingest.queue.*}); documented in the module README.
 *
 * @param enabled           serve the request queue beside the REST API
 * @param namespace         the deployment's namespace: the request queue and the reply allow-list live in it
 * @param requestQueue      overrides the request queue's name (tests use their own)
 * @param workers           requests handled at once
 * @param visibilityTimeout how long a received request stays hidden; a worker killed mid-request lets it reappear after this
 * @param maxReceives       receives before SQS itself dead-letters a request the worker keeps failing on
 * @param inlineLimit       a sealed answer above this goes through S3 (256 KiB: SQS's classic limit, ElasticMQ's)
 * @param payloadRetention  claim-checked payloads older than this are swept; keep it above the requesters' reply retention
 * @param sweepInterval     how often the sweeper looks
 * @param replyQueueIdle    reply queues whose requester's heartbeat (every 5 minutes) is older than this are deleted
 * @param keyset            the worker's private HPKE keyset (Tink JSON); generated under the dev key directory when empty and allowed
 * @param tokenAudience     the audience a requester's token must carry: the queue's own, not the REST APIs'
 * @param maxTokenLifetime  a token valid for longer than this (expiry minus issue time) is refused: a queue token lives minutes
 * @param maxRequestAge     a request sealed longer ago than this is refused (its sealed issue time)
 * @param rateLimit         per client (the token's azp, else sub): past it a sealed 429 reply that says when to retry
 */
@Validated
@ConfigurationProperties("consumidor.ingest.queue")
public record QueueWorkerProperties(@DefaultValue("true") boolean enabled,
                                    @NotNull @DefaultValue("") Namespace namespace,
                                    @DefaultValue("") String requestQueue,
                                    @Min(1) @Max(64) @DefaultValue("8") int workers,
                                    @NotNull @DefaultValue("60s") Duration visibilityTimeout,
                                    @Min(1) @Max(100) @DefaultValue("5") int maxReceives,
                                    @NotNull @DefaultValue("256KB") DataSize inlineLimit,
                                    @NotNull @DefaultValue("2h") Duration payloadRetention,
                                    @NotNull @DefaultValue("5m") Duration sweepInterval,
                                    @NotNull @DefaultValue("1h") Duration replyQueueIdle,
                                    @DefaultValue("") String keyset,
                                    @NotBlank @DefaultValue(BaseAQueue.TOKEN_AUDIENCE) String tokenAudience,
                                    @NotNull @DefaultValue("10m") Duration maxTokenLifetime,
                                    @NotNull @DefaultValue("5m") Duration maxRequestAge,
                                    @NotNull @DefaultValue ClientRateLimits.Settings rateLimit,
                                    @Valid @NotNull @DefaultValue S3 s3) {

    public String requestQueueName() {
        return requestQueue.isBlank() ? BaseAQueue.requests(namespace) : requestQueue;
    }

    @Override
    public String toString() {
        return "QueueWorkerProperties[enabled=" + enabled + ", requestQueue=" + requestQueueName() + ", workers=" + workers
                + ", inlineLimit=" + inlineLimit + ", payloadRetention=" + payloadRetention + ", s3=" + s3 + "]";
    }

    /**
     * Where claim-checked answers go.
     *
     * @param bucket   the bucket of the claim-checked answers
     * @param endpoint empty for AWS itself; the local stack's S3Proxy otherwise
     * @param region   the bucket's region
     * @param pathStyle path-style addressing (S3Proxy and most S3-compatible stores need it)
     * @param accessKeyId with {@code secretAccessKey}: static credentials (the local stack); empty → the SDK's default chain
     * @param secretAccessKey the secret of {@code accessKeyId}
     * @param timeout  the most one S3 call may take, retries included: an unreachable or hanging store turns into a
     *                 503 error reply within it, well inside the request's visibility timeout
     */
    public record S3(@NotBlank @DefaultValue("consumidor-local") String bucket, @DefaultValue("") String endpoint,
                     @NotBlank @DefaultValue("sa-east-1") String region, @DefaultValue("true") boolean pathStyle,
                     @DefaultValue("") String accessKeyId, @DefaultValue("") String secretAccessKey,
                     @NotNull @DefaultValue("10s") Duration timeout) {

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", timeout=" + timeout + "]";
        }
    }
}
