package io.consumidor.apisecurity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The HTTP side of an app whose only HTTP is its operators' port (the stream router, the scheduler): the actuator on
 * {@code server.port}, with the liveness and readiness probes open, detailed health and the Prometheus scrape behind
 * {@code ops:read}, every other path and method denied, and every error an RFC 9457 problem — the same rules as the
 * two APIs' management ports ({@link BearerApiSecurity#operationsOnly}). An app imports it; a run of the same app as a
 * command (the scheduler's {@code list} and {@code run}) serves no HTTP, and then this configuration is off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(ApiWebSupport.class)
@EnableConfigurationProperties(OperationsPortProperties.class)
public class OperationsPortSecurity {

    @Bean
    SecurityFilterChain operationsPort(HttpSecurity http, ProblemResponses problems) throws Exception {
        BearerApiSecurity.operationsOnly(http, problems);
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(OperationsPortProperties properties) {
        OperationsPortProperties.Jwt jwt = properties.jwt();
        return BearerTokens.decoder(new BearerTokens.Trust(jwt.issuer(), jwt.audience(), jwt.publicKeyLocation(), jwt.jwkSetUri()),
                "consumidor.operations.jwt");
    }
}
