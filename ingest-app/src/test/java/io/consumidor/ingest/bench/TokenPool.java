package io.consumidor.ingest.bench;

import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.stack.LocalIssuer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Fresh queue tokens, minted ahead of a measured phase: the worker takes each token for one request, and signing one
 * (RSA, about a millisecond here) is the issuer's work, not the pipeline's, so it should not share the measured
 * phase's two cores. Empty, it mints on demand: a short pool costs time, never correctness.
 */
final class TokenPool {

    private final LocalIssuer issuer;
    private final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();

    TokenPool(LocalIssuer issuer) {
        this.issuer = issuer;
    }

    /** Drops what is left (it may be near its expiry) and mints {@code count} new tokens. */
    void refill(int count) {
        tokens.clear();
        for (int i = 0; i < count; i++) {
            tokens.add(mint());
        }
    }

    String get() {
        String token = tokens.poll();
        return token != null ? token : mint();
    }

    private String mint() {
        return issuer.token("bench", List.of("base-a:read"), Duration.ofMinutes(10), BaseAQueue.TOKEN_AUDIENCE);
    }
}
