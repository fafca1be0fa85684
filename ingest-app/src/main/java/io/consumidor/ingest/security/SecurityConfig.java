package io.consumidor.ingest.security;

import io.consumidor.ingest.IngestProperties;
import io.consumidor.ingest.web.ProblemResponses;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/**
 * JWT on every endpoint, scopes per operation. Only RS256 is accepted: the decoder verifies with an RSA
 * public key, so {@code alg: none} and HMAC tokens signed with the public key ("algorithm confusion") fail.
 * Issuer, audience, expiry and not-before are checked, and a token must carry an expiry: Spring's timestamp
 * validator checks {@code exp} only when present, so a token without one would never expire. 401 and 403
 * answer with RFC 9457 problems; an error dispatch ({@code /error}) needs no token, so its problem reaches
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
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/consumers/**").hasAuthority(READ)
                        .requestMatchers(HttpMethod.PUT, "/consumers/**").hasAuthority(WRITE)
                        .requestMatchers(HttpMethod.POST, "/consumers/**").hasAuthority(WRITE)
                        .requestMatchers(HttpMethod.DELETE, "/consumers/*").hasAuthority(ERASE)
                        .requestMatchers(HttpMethod.POST, "/events").hasAuthority(WRITE)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, e) ->
                                problems.write(request, response, HttpStatus.UNAUTHORIZED, "A valid bearer token is required."))
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(request, response, HttpStatus.FORBIDDEN, "The token lacks the scope this operation needs.")))
                .addFilterAfter(new AuditPrincipalFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(IngestProperties properties) {
        IngestProperties.Jwt jwt = properties.jwt();
        NimbusJwtDecoder decoder = hasText(jwt.jwkSetUri())
                ? NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build()
                : NimbusJwtDecoder.withPublicKey(publicKey(jwt.publicKeyLocation())).signatureAlgorithm(SignatureAlgorithm.RS256).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(jwt.audience()));
        OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Object>(JwtClaimNames.EXP, java.util.Objects::nonNull);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(jwt.issuer()), audience, expires));
        return new CachingJwtDecoder(decoder, 10_000, Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static RSAPublicKey publicKey(String location) {
        if (!hasText(location)) {
            throw new IllegalStateException("no JWT key configured: set consumidor.ingest.jwt.jwk-set-uri (JWT_JWK_SET_URI)"
                    + " or, locally, consumidor.ingest.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION, written by ./pipeline stack up)");
        }
        try (InputStream in = new DefaultResourceLoader().getResource(location).getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JWT public key at " + location, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the JWT public key at " + location + " is not a PEM RSA public key", e);
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
