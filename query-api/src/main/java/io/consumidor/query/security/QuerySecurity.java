package io.consumidor.query.security;

import io.consumidor.apisecurity.ApiRoutes;
import io.consumidor.apisecurity.BearerApiSecurity;
import io.consumidor.apisecurity.BearerTokens;
import io.consumidor.apisecurity.ProblemResponses;
import io.consumidor.apisecurity.RequestSizeLimitFilter;
import io.consumidor.query.QueryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * JWT on every endpoint with the decoder every Consumidor API shares ({@link BearerTokens}). The summary reads
 * Base C and the rating, so it needs both {@code base-c:read} and {@code rating:read}; the event history of a
 * subject needs {@code base-c:read}; a dataset's feature vector {@code features:read} (a model's input, not a person's
 * record: a scoring service holds this scope alone); the actuator's health and Prometheus endpoints {@code ops:read}
 * ({@link BearerApiSecurity#OPERATIONS}). 401 and 403 are RFC 9457 problems.
 */
@Configuration(proxyBeanMethods = false)
public class QuerySecurity {

    public static final String BASE_C_READ = "SCOPE_base-c:read";
    public static final String RATING_READ = "SCOPE_rating:read";
    public static final String FEATURES_READ = "SCOPE_features:read";

    /** The whole of the API: anything else, any other method included, is denied ({@link BearerApiSecurity#apply}). */
    static final ApiRoutes ROUTES = ApiRoutes.of()
            .write(HttpMethod.POST, "/v1/consumers/summary", BASE_C_READ, RATING_READ)
            .read("/v1/subjects/{subject}/events", BASE_C_READ)
            .write(HttpMethod.POST, "/v1/features", FEATURES_READ);

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, QueryProperties properties) throws Exception {
        BearerApiSecurity.apply(http, problems, ROUTES, properties.rateLimit().limits());
        return http.build();
    }

    /** A summary's body is a CPF and a purpose: past {@code max-request-size} (64 KB), a 413 before anything reads it. */
    @Bean
    RequestSizeLimitFilter requestSizeLimitFilter(QueryProperties properties, ProblemResponses problems) {
        return new RequestSizeLimitFilter(properties.maxRequestSize().toBytes(), problems);
    }

    @Bean
    JwtDecoder jwtDecoder(QueryProperties properties) {
        QueryProperties.Jwt jwt = properties.jwt();
        return BearerTokens.decoder(new BearerTokens.Trust(jwt.issuer(), jwt.audience(), jwt.publicKeyLocation(), jwt.jwkSetUri()),
                "consumidor.query.jwt");
    }
}
