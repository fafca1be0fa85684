package io.consumidor.ingest.security;

import io.consumidor.apisecurity.BearerTokens;
import io.consumidor.ingest.IngestProperties;
import io.consumidor.apisecurity.BearerApiSecurity;
import io.consumidor.apisecurity.ProblemResponses;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * JWT on every endpoint, scopes per operation, with the decoder every Consumidor API shares
 * ({@link BearerTokens}: RS256 only, issuer, audience and a required expiry); the actuator's health and
 * Prometheus endpoints need {@code ops:read} ({@link BearerApiSecurity#operations}). 401 and 403 answer with
 * RFC 9457 problems; an error dispatch ({@code /error}) needs no token, so its problem reaches
 * the caller.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class SecurityConfig {

    public static final String READ = "SCOPE_base-a:read";
    public static final String WRITE = "SCOPE_base-a:write";
    public static final String ERASE = "SCOPE_base-a:erase";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        BearerApiSecurity.apply(http, problems)
                .authorizeHttpRequests(auth -> {
                    BearerApiSecurity.operations(auth);
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            .requestMatchers(HttpMethod.GET, "/consumers/**").hasAuthority(READ)
                            .requestMatchers(HttpMethod.PUT, "/consumers/**").hasAuthority(WRITE)
                            .requestMatchers(HttpMethod.POST, "/consumers/**").hasAuthority(WRITE)
                            .requestMatchers(HttpMethod.DELETE, "/consumers/*").hasAuthority(ERASE)
                            .requestMatchers(HttpMethod.POST, "/events").hasAuthority(WRITE)
                            .anyRequest().authenticated();
                })
                .addFilterAfter(new AuditPrincipalFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(IngestProperties properties) {
        IngestProperties.Jwt jwt = properties.jwt();
        return BearerTokens.decoder(new BearerTokens.Trust(jwt.issuer(), jwt.audience(), jwt.publicKeyLocation(), jwt.jwkSetUri()),
                "consumidor.ingest.jwt");
    }
}
