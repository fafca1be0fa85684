package io.consumidor.query.events;

import io.consumidor.query.load.BusyException;
import io.consumidor.query.load.ReadLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/subjects/{subject}/events}: a subject's events for internal callers who already hold the
 * pseudonym (no CPF travels, so nothing is recorded as a bureau query), newest first, paged by cursor.
 */
@RestController
public class EventsController {

    private static final Logger audit = LoggerFactory.getLogger("io.consumidor.query.audit");

    private final EventsReader reader;
    private final ReadLimiter limiter;

    EventsController(EventsReader reader, ReadLimiter limiter) {
        this.reader = reader;
        this.limiter = limiter;
    }

    @GetMapping("/v1/subjects/{subject}/events")
    public EventPage events(@PathVariable String subject, @RequestParam(required = false) String type,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) Integer size, @RequestParam(required = false) String next,
                            @AuthenticationPrincipal Jwt token) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            EventQuery query = EventQuery.parse(subject, type, from, to, size, next);
            EventPage page = limiter.call(() -> reader.page(query));
            outcome = "answered";
            return page;
        } catch (InvalidQueryException e) {
            outcome = "invalid";
            throw e;
        } catch (BusyException e) {
            outcome = "busy";
            throw e;
        } finally {
            // Who and what came of it; the subject stays out of the log like the CPF.
            audit.info("events principal={} outcome={} ms={}", token.getSubject(), outcome, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
