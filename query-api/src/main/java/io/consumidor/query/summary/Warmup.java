package io.consumidor.query.summary;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * One read of each store when the app is ready: the first request would otherwise pay for the clients' lazy
 * set-up (connections, Elasticsearch's first search of an index) and miss its section limits. Reads a subject
 * nobody has; failures are logged and ignored (a store that is down now is the summary's business later).
 */
@Component
class Warmup {

    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    private static final String NOBODY = "warmup_" + "0".repeat(64);

    private final BaseBReader baseB;
    private final BaseCReader baseC;

    Warmup(BaseBReader baseB, BaseCReader baseC) {
        this.baseB = baseB;
        this.baseC = baseC;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warm() {
        for (int round = 0; round < 3; round++) {
            try {
                baseB.read(NOBODY);
                baseC.latest(NOBODY).join();
                baseC.windows(NOBODY, Instant.now()).join();
            } catch (RuntimeException e) {
                log.warn("warm-up read failed ({}); the first lookups may be slow", e.getClass().getSimpleName());
                return;
            }
        }
    }
}
