package io.consumidor.query.summary;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.query.load.ReadLimiter;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/consumers/summary}: everything known about one consumer, by section. */
@RestController
public class SummaryController {

    private static final Logger audit = LoggerFactory.getLogger("io.consumidor.query.audit");

    private final SummaryService summaries;
    private final ReadLimiter limiter;
    private final SummaryMeters meters;

    SummaryController(SummaryService summaries, ReadLimiter limiter, SummaryMeters meters) {
        this.summaries = summaries;
        this.limiter = limiter;
        this.meters = meters;
    }

    @PostMapping("/v1/consumers/summary")
    public ConsumerSummary summary(@Valid @RequestBody SummaryRequest request, @AuthenticationPrincipal Jwt token) {
        long started = System.nanoTime();
        String client = token.getClaimAsString("azp") == null ? token.getSubject() : token.getClaimAsString("azp");
        String outcome = "error";
        try {
            Cpf cpf = Cpf.parse(request.cpf()); // an invalid CPF is refused before it waits for a turn
            ConsumerSummary summary = limiter.call(client, () -> summaries.summarize(cpf, request.purpose(), token.getSubject(), client));
            outcome = "answered";
            meters.answered(summary);
            return summary;
        } catch (RuntimeException e) {
            outcome = LookupOutcomes.of(e);
            throw e;
        } finally {
            long elapsed = System.nanoTime() - started;
            meters.lookup(outcome, elapsed);
            // The audit line: who, for what, what came of it, how long. Never the CPF or the subject.
            audit.info("summary principal={} client={} purpose={} outcome={} ms={}", token.getSubject(), client, request.purpose(), outcome,
                    elapsed / 1_000_000);
        }
    }
}
