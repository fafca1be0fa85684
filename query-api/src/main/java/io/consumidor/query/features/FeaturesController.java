package io.consumidor.query.features;

import io.consumidor.core.cpf.Cpf;
import io.consumidor.features.dataset.Dataset;
import io.consumidor.query.load.ReadLimiter;
import io.consumidor.query.summary.LookupOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.TimeUnit;

/** {@code POST /v1/features}: one consumer's feature vector of a dataset, as of now. */
@RestController
public class FeaturesController {

    private static final Logger audit = LoggerFactory.getLogger("io.consumidor.query.audit");

    private final OnlineFeatures features;
    private final ReadLimiter limiter;
    private final MeterRegistry meters;

    FeaturesController(OnlineFeatures features, ReadLimiter limiter, MeterRegistry meters) {
        this.features = features;
        this.limiter = limiter;
        this.meters = meters;
    }

    @PostMapping("/v1/features")
    public FeatureVector lookup(@Valid @RequestBody FeatureRequest request, @AuthenticationPrincipal Jwt token) {
        long started = System.nanoTime();
        String client = token.getClaimAsString("azp") == null ? token.getSubject() : token.getClaimAsString("azp");
        String outcome = "error";
        try {
            // an invalid CPF or an unknown dataset is refused before it waits for a turn
            Cpf cpf = Cpf.parse(request.cpf());
            Dataset dataset = features.dataset(request.dataset());
            FeatureVector vector = limiter.call(client, () -> features.lookup(cpf, dataset, request.purpose(), token.getSubject(), client));
            outcome = vector.unavailable().isEmpty() ? "answered" : "partial";
            return vector;
        } catch (RuntimeException e) {
            outcome = LookupOutcomes.of(e);
            throw e;
        } finally {
            long elapsed = System.nanoTime() - started;
            Timer.builder("consumidor.features.lookups").description("feature lookups by outcome").tag("outcome", outcome)
                    .publishPercentileHistogram().register(meters).record(elapsed, TimeUnit.NANOSECONDS);
            // who, for what, which dataset, what came of it, how long: never the CPF or the subject
            audit.info("features principal={} client={} dataset={} purpose={} outcome={} ms={}", token.getSubject(), client,
                    request.dataset(), request.purpose(), outcome, elapsed / 1_000_000);
        }
    }
}
