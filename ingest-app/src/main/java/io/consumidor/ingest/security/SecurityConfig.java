package io.consumidor.ingest.security;

import io.consumidor.apisecurity.BearerTokens;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.apisecurity.ApiRoutes;
import io.consumidor.core.event.EventType;
import io.consumidor.apisecurity.BearerApiSecurity;
import io.consumidor.apisecurity.ProblemResponses;
import io.consumidor.apisecurity.RequestSizeLimitFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * JWT on every endpoint, scopes per operation and method ({@link #ROUTES}, denied beyond it), with the decoder every Consumidor API shares
 * ({@link BearerTokens}: RS256 only, issuer, audience and a required expiry); the actuator's health and
 * Prometheus endpoints need {@code ops:read} ({@link BearerApiSecurity#OPERATIONS}). 401 and 403 answer with
 * RFC 9457 problems; an error dispatch ({@code /error}) needs no token, so its problem reaches
 * the caller.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfig {

    public static final String READ = "SCOPE_base-a:read";
    public static final String WRITE = "SCOPE_base-a:write";
    public static final String ERASE = "SCOPE_base-a:erase";

    /** The whole of the API: anything else, any other method included, is denied ({@link BearerApiSecurity#apply}). */
    static final ApiRoutes ROUTES = ApiRoutes.of()
            .read("/consumers/{cpf}", READ)
            .write(HttpMethod.PUT, "/consumers/{cpf}", WRITE)
            .write(HttpMethod.POST, "/consumers/{cpf}/debts", WRITE)
            .write(HttpMethod.POST, "/consumers/{cpf}/debts/{debtId}/settle", WRITE)
            .write(HttpMethod.DELETE, "/consumers/{cpf}", ERASE)
            // Any producer's scope gets in; each event then needs its own type's (IntakeService).
            .writeByAnyOf(HttpMethod.POST, "/events", EventType.intakeScopes().stream().map(scope -> "SCOPE_" + scope).toArray(String[]::new))
            // The API's own description, for any of its clients.
            .readByAnyOf("/v3/api-docs/**", READ, WRITE, ERASE);

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, IngestProperties properties) throws Exception {
        BearerApiSecurity.apply(http, problems, ROUTES, properties.rateLimit().limits())
                .addFilterAfter(new AuditPrincipalFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** Bodies past {@code max-request-size}, or without a declared length, get a 413 before anything reads them. */
    @Bean
    RequestSizeLimitFilter requestSizeLimitFilter(IngestProperties properties, ProblemResponses problems) {
        return new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(), problems);
    }

    @Bean
    JwtDecoder jwtDecoder(IngestProperties properties) {
        IngestProperties.Jwt jwt = properties.jwt();
        return BearerTokens.decoder(new BearerTokens.Trust(jwt.issuer(), jwt.audience(), jwt.publicKeyLocation(), jwt.jwkSetUri()),
                "consumidor.ingest.jwt");
    }
}
