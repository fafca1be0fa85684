package io.consumidor.baseaqueue.client;

import io.consumidor.core.wire.Namespace;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a requester talks to Base A's queue worker.
 *
 * @param namespace          the deployment's namespace (empty in production)
 * @param replyName          this requester's part of its reply queue's name: one per running instance
 * @param workerPublicKeyset the worker's public HPKE keyset (Tink JSON), which requests are sealed to
 * @param payloadBucket      the bucket claim-checked answers are in; a pointer to any other bucket is refused unfetched
 * @param token              a fresh bearer token for {@link io.consumidor.baseaqueue.BaseAQueue#TOKEN_AUDIENCE} with
 *                           {@code base-a:read}, asked for once per request (the worker accepts each token id for one
 *                           request only; the retries of a request resend the same sealed token)
 * @param timeout            how long a request may take in all, retries included
 * @param attempts           sends of the same request (same id) before giving up; the worker answers it once
 * @param replyRetention     how long an unread reply stays on the reply queue (60 s to 14 days)
 */
public record ClientSettings(Namespace namespace, String replyName, String workerPublicKeyset, String payloadBucket,
                             Supplier<String> token, Duration timeout, int attempts, Duration replyRetention) {

    public ClientSettings {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(replyName, "replyName");
        Objects.requireNonNull(workerPublicKeyset, "workerPublicKeyset");
        Objects.requireNonNull(payloadBucket, "payloadBucket");
        Objects.requireNonNull(token, "token");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("attempts must be 1 to 10");
        }
        if (replyRetention == null || replyRetention.toSeconds() < 60 || replyRetention.toDays() > 14) {
            throw new IllegalArgumentException("replyRetention must be 60 s to 14 days (SQS's bounds)");
        }
    }

    /** Defaults: 30 s in all, 3 attempts, unread replies kept 15 minutes. */
    public static ClientSettings of(Namespace namespace, String replyName, String workerPublicKeyset, String payloadBucket,
                                    Supplier<String> token) {
        return new ClientSettings(namespace, replyName, workerPublicKeyset, payloadBucket, token, Duration.ofSeconds(30), 3,
                Duration.ofMinutes(15));
    }

    public ClientSettings withTimeout(Duration timeout, int attempts) {
        return new ClientSettings(namespace, replyName, workerPublicKeyset, payloadBucket, token, timeout, attempts, replyRetention);
    }
}
