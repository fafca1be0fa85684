package io.consumidor.ingest.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.time.Instant;

/**
 * Removes claim-checked payloads nobody fetched within the retention (a reply that expired or was
 * dead-lettered, a requester that went away), forgets answered request ids older than any redelivery and the
 * one-time claims of expired tokens.
 */
class PayloadSweeper {

    private static final Logger log = LoggerFactory.getLogger(PayloadSweeper.class);

    private final PayloadStore payloads;
    private final AnsweredRequests answered;
    private final TokenClaims claims;
    private final Duration retention;

    PayloadSweeper(PayloadStore payloads, AnsweredRequests answered, TokenClaims claims, Duration retention) {
        this.payloads = payloads;
        this.answered = answered;
        this.claims = claims;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${consumidor.ingest.queue.sweep-interval:5m}", initialDelayString = "${consumidor.ingest.queue.sweep-interval:5m}")
    void sweep() {
        try {
            int swept = payloads.sweep(Instant.now().minus(retention));
            int forgotten = answered.forgetBefore(Instant.now().minus(AnsweredRequests.REDELIVERY_HORIZON));
            int expired = claims.forgetExpired(Instant.now());
            if (swept > 0 || forgotten > 0 || expired > 0) {
                log.info("swept {} unclaimed reply payloads older than {}, forgot {} answered request ids and {} expired token claims",
                        swept, retention, forgotten, expired);
            }
        } catch (RuntimeException e) {
            log.warn("sweeping reply payloads failed, next try in one interval: {}", e.toString());
        }
    }
}
