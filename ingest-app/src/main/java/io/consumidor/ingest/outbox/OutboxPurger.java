package io.consumidor.ingest.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Purges sent outbox rows once {@code sent-retention} has passed, in batches so no statement holds many locks:
 * an envelope carries a consumer's facts and lookups, and Base A keeps no second history of them.
 */
@Component
class OutboxPurger {

    private static final Logger log = LoggerFactory.getLogger(OutboxPurger.class);
    private static final int BATCH = 5_000;

    private final OutboxStore store;
    private final OutboxProperties properties;
    private final Clock clock;

    OutboxPurger(OutboxStore store, OutboxProperties properties) {
        this.store = store;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    @Scheduled(fixedDelayString = "${consumidor.ingest.outbox.purge-interval:1h}", initialDelayString = "${consumidor.ingest.outbox.purge-interval:1h}")
    void scheduled() {
        try {
            int purged = purge();
            if (purged > 0) {
                log.info("purged {} outbox rows sent more than {} ago", purged, properties.sentRetention());
            }
        } catch (RuntimeException e) {
            log.warn("purging sent outbox rows failed, next try in one interval: {}", e.toString());
        }
    }

    /** Purges every sent row past the retention; returns how many went. */
    int purge() {
        Instant cutoff = clock.instant().minus(properties.sentRetention());
        int total = 0;
        int purged;
        do {
            purged = store.purgeSentBefore(cutoff, BATCH);
            total += purged;
        } while (purged == BATCH);
        return total;
    }
}
