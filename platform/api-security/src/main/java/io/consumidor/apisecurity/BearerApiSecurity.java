package io.consumidor.apisecurity;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * What every Consumidor API's filter chain shares: stateless (no session, no CSRF: bearer tokens only), a JWT
 * resource server on the app's {@code JwtDecoder} ({@link BearerTokens}), and 401/403 as RFC 9457 problems.
 * Each app then says which scope each endpoint needs.
 */
public final class BearerApiSecurity {

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
}
