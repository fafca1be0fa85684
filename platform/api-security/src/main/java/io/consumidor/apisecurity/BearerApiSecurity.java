package io.consumidor.apisecurity;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What every Consumidor API's filter chain shares: stateless (no session, no CSRF: bearer tokens only), a JWT
 * resource server on the app's {@code JwtDecoder} ({@link BearerTokens}), and 401/403 as RFC 9457 problems.
 * Each app gives its route table ({@link ApiRoutes}); nothing outside it is reachable.
 */
public final class BearerApiSecurity {

    /**
     * The scope of the operators' endpoints (the actuator's health and Prometheus scrape). Its own scope, not a data
     * one: a monitoring system's token must not read Base A or Base C, and a data client's token must not read the
     * operational view (queue depths, failure counts, the stores' health).
     */
    public static final String OPERATIONS = "SCOPE_ops:read";

    /** GET and HEAD: the only methods of the actuator endpoints the APIs expose (health, Prometheus). */
    private static final RequestMatcher READS = request -> "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());

    /** The liveness and readiness groups of the health endpoint, wherever the management context serves them. */
    private static final RequestMatcher PROBES = request -> {
        String path = request.getRequestURI();
        return path.endsWith("/health/liveness") || path.endsWith("/health/readiness");
    };

    private BearerApiSecurity() {
    }

    /**
     * The chain of an API whose whole route table is {@code routes}: error dispatches pass (their problem must
     * reach the caller), the actuator's endpoints answer GET and HEAD for {@link #OPERATIONS}, each route its own
     * methods for its own authorities, and everything else — another method, another path, OPTIONS, TRACE — is
     * denied: 401 without a token, 403 with one. A client past its rate gets a 429 with {@code Retry-After}
     * ({@link ClientRateLimits}).
     */
    public static HttpSecurity apply(HttpSecurity http, ProblemResponses problems, ApiRoutes routes, ClientRateLimits limits)
            throws Exception {
        // Per client, as soon as the token says who it is: a flood is refused before any handler or connection.
        return chain(http.addFilterAfter(new ClientRateLimitFilter(limits, problems), BearerTokenAuthenticationFilter.class),
                problems, routes);
    }

    /**
     * The chain of an app that serves nothing but its actuator (the stream router, the scheduler): the same rules as
     * {@link #apply} with an empty route table — probes open, the other endpoints' GET and HEAD for {@link #OPERATIONS},
     * everything else denied.
     */
    public static HttpSecurity operationsOnly(HttpSecurity http, ProblemResponses problems) throws Exception {
        return chain(http, problems, ApiRoutes.of());
    }

    private static HttpSecurity chain(HttpSecurity http, ProblemResponses problems, ApiRoutes routes) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(request, response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(request, response, HttpStatus.FORBIDDEN, "The token lacks the scope this operation needs.")))
                .authorizeHttpRequests(auth -> {
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    // The probes answer without a token (a Kubernetes probe carries none); they say UP or DOWN, nothing more.
                    auth.requestMatchers(new AndRequestMatcher(EndpointRequest.toAnyEndpoint(), PROBES, READS)).permitAll();
                    auth.requestMatchers(new AndRequestMatcher(EndpointRequest.toAnyEndpoint(), READS)).hasAuthority(OPERATIONS);
                    routes.applyTo(auth);
                    auth.anyRequest().denyAll();
                });
    }
}
