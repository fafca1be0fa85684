package io.consumidor.scorecard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scorecard of {@code scorecard.yml} as one bean, for every job that scores: the rating recompute (what is
 * served) and the training sets ({@code score_at_t}, the same card applied as of T). Imported, never scanned.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScorecardDefinition.class)
public class ScorecardConfiguration {

    @Bean
    Scorecard scorecard(ScorecardDefinition definition) {
        return new Scorecard(definition);
    }
}
