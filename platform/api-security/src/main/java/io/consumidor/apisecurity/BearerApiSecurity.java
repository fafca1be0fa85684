package io.consumidor.apisecurity;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * What every Consumidor API's filter chain shares: stateless (no session, no CSRF: bearer tokens only), a JWT
 * resource server on the app's {@code JwtDecoder} ({@link BearerTokens}), and 401/403 as RFC 9457 problems.
 * Each app then says which scope each endpoint needs.
 */
public final class BearerApiSecurity {

    /**
     * The scope of the operators' endpoints (the actuator's health and Prometheus scrape). Its own scope, not a data
     * one: a monitoring system's token must not read Base A or Base C, and a data client's token must not read the
     * operational view (queue depths, failure counts, the stores' health).
     */
    public static final String OPERATIONS = "SCOPE_ops:read";

    private BearerApiSecurity() {
    }

    public static HttpSecurity apply(HttpSecurity http, ProblemResponses problems) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(request, response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(request, response, HttpStatus.FORBIDDEN, "The token lacks the scope this operation needs.")));
    }

    /**
     * The actuator's endpoints, wherever {@code management.endpoints.web.base-path} puts them, need {@link #OPERATIONS}:
     * the same token rules as the API (no endpoint without a token, probes included — an orchestrator's probe sends a
     * token or checks the port).
     */
    public static void operations(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority(OPERATIONS);
    }
}
