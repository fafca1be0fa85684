package io.consumidor.query.summary;

import io.consumidor.core.cpf.Cpf;
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

    public SummaryController(SummaryService summaries) {
        this.summaries = summaries;
    }

    @PostMapping("/v1/consumers/summary")
    public ConsumerSummary summary(@Valid @RequestBody SummaryRequest request, @AuthenticationPrincipal Jwt token) {
        long started = System.nanoTime();
        String client = token.getClaimAsString("azp") == null ? token.getSubject() : token.getClaimAsString("azp");
        String outcome = "error";
        try {
            ConsumerSummary summary = summaries.summarize(Cpf.parse(request.cpf()), request.purpose(), token.getSubject(), client);
            outcome = "answered";
            return summary;
        } catch (SummaryService.NotFoundException e) {
            outcome = "not-found";
            throw e;
        } finally {
            // The audit line: who, for what, what came of it, how long. Never the CPF or the subject.
            audit.info("summary principal={} client={} purpose={} outcome={} ms={}", token.getSubject(), client, request.purpose(), outcome,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
