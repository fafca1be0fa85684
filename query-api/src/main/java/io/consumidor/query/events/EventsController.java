package io.consumidor.query.events;

import io.consumidor.query.web.InvalidRequestException;

import io.consumidor.query.summary.LookupRecorder;
import io.consumidor.query.summary.NotRecordedException;
import io.consumidor.query.summary.SummaryRequest;
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
 * {@code GET /v1/subjects/{subject}/events}: a subject's events for callers who already hold the pseudonym, newest
 * first, paged by cursor, each as {@link EventView} shows it. A purpose is required, and every answered page is
 * recorded as a bureau query like a summary lookup (fail closed: a page that cannot be recorded is not answered).
 */
@RestController
public class EventsController {

    private static final Logger audit = LoggerFactory.getLogger("io.consumidor.query.audit");

    private final EventsReader reader;
    private final ReadLimiter limiter;
    private final LookupRecorder recorder;

    EventsController(EventsReader reader, ReadLimiter limiter, LookupRecorder recorder) {
        this.reader = reader;
        this.limiter = limiter;
        this.recorder = recorder;
    }

    @GetMapping("/v1/subjects/{subject}/events")
    public EventPage events(@PathVariable String subject, @RequestParam(required = false) String type,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                            @RequestParam(required = false) Integer size, @RequestParam(required = false) String next,
                            @RequestParam(required = false) String purpose, @AuthenticationPrincipal Jwt token) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            EventQuery query = EventQuery.parse(subject, type, from, to, size, next);
            if (purpose == null || !purpose.matches(SummaryRequest.PURPOSE)) {
                throw new InvalidRequestException("purpose", "required: " + SummaryRequest.PURPOSE_RULE);
            }
            String client = token.getClaimAsString("azp") == null ? token.getSubject() : token.getClaimAsString("azp");
            EventPage page = limiter.call(client, () -> reader.page(query));
            recorder.record(query.subject(), token.getSubject(), client, purpose);
            outcome = "answered";
            return page;
        } catch (InvalidRequestException e) {
            outcome = "invalid";
            throw e;
        } catch (BusyException e) {
            outcome = "busy";
            throw e;
        } catch (NotRecordedException e) {
            outcome = "not-recorded";
            throw e;
        } finally {
            // Who and what came of it; the subject stays out of the log like the CPF.
            audit.info("events principal={} purpose={} outcome={} ms={}", token.getSubject(), purpose, outcome,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
