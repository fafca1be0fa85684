package io.consumidor.apisecurity;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;

/**
 * The bearer-token decoder of every Consumidor API. Only RS256 is accepted: it verifies with an RSA public key
 * (from a JWK set or a PEM file), so {@code alg: none} and HMAC tokens signed with the public key ("algorithm
 * confusion") fail. Issuer, audience, expiry and not-before are checked, and a token must carry an expiry:
 * Spring's timestamp validator checks {@code exp} only when present, so a token without one would never expire.
 * Verified tokens are cached until their expiry ({@link CachingJwtDecoder}).
 */
public final class BearerTokens {

    /**
     * Where the trusted keys are and what a token must say.
     *
     * @param issuer            the {@code iss} every token must carry
     * @param audience          a value its {@code aud} must contain
     * @param publicKeyLocation a PEM RSA public key (a Spring resource location), used when no JWK set is given
     * @param jwkSetUri         the issuer's JWK set (production)
     */
    public record Trust(String issuer, String audience, String publicKeyLocation, String jwkSetUri) {
    }

    private BearerTokens() {
    }

    /**
     * The longest an API token may live (RFC 8725 §3.10: access tokens are short-lived); one valid for longer is
     * refused, whatever its issuer meant by it.
     */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);

    /**
     * How long a verified token is remembered before it is verified again: a token whose key has left the issuer's
     * key set stops being accepted within this plus the key set's own refresh (Nimbus: five minutes).
     */
    static final Duration CACHE_AGE = Duration.ofMinutes(1);

    /** The decoder; {@code property} names the setting to fix in the error when no key is configured. */
    public static JwtDecoder decoder(Trust trust, String property) {
        return new CachingJwtDecoder(verifier(trust, property), 10_000, CACHE_AGE, Clock.systemUTC());
    }

    /**
     * A decoder for tokens meant for one request (the Base A queue's): besides {@link #decoder}'s rules, a token must
     * carry its id ({@code jti}) and live at most {@code maxLifetime}: from its issue time to its expiry, and from now
     * to its expiry (Spring fills a missing {@code iat} in from {@code exp}, so the second bound is what holds a token
     * without one). Nothing is cached: every such token is new. Accepting each id once is the caller's part.
     */
    public static JwtDecoder oneTime(Trust trust, String property, Duration maxLifetime) {
        NimbusJwtDecoder decoder = verifier(trust, property);
        OAuth2TokenValidator<Jwt> identified = jwt -> jwt.getId() == null || jwt.getId().isBlank()
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "a one-time token names its jti", null))
                : OAuth2TokenValidatorResult.success();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validator(trust), identified, lifetimeAtMost(maxLifetime)));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> validator(Trust trust) {
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(trust.audience()));
        OAuth2TokenValidator<Jwt> expires = new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull);
        // Spring's defaults with the issuer also check the header: a typ other than JWT (an ID or logout token of the
        // same issuer replayed here, RFC 8725 §3.11) is refused.
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(trust.issuer()), audience, expires,
                lifetimeAtMost(MAX_LIFETIME));
    }

    /** A token lives at most {@code max}: from now to its expiry, and from its issue time to its expiry. */
    private static OAuth2TokenValidator<Jwt> lifetimeAtMost(Duration max) {
        return jwt -> jwt.getExpiresAt() != null
                && (jwt.getExpiresAt().isAfter(Instant.now().plus(max))
                    || jwt.getIssuedAt() != null && Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt()).compareTo(max) > 0)
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token lives longer than " + max, null))
                : OAuth2TokenValidatorResult.success();
    }

    private static NimbusJwtDecoder verifier(Trust trust, String property) {
        NimbusJwtDecoder decoder = hasText(trust.jwkSetUri())
                ? NimbusJwtDecoder.withJwkSetUri(trust.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build()
                : NimbusJwtDecoder.withPublicKey(publicKey(trust.publicKeyLocation(), property)).signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(validator(trust));
        return decoder;
    }

    private static RSAPublicKey publicKey(String location, String property) {
        if (!hasText(location)) {
            throw new IllegalStateException("no JWT key configured: set " + property + ".jwk-set-uri (JWT_JWK_SET_URI)"
                    + " or, locally, " + property + ".public-key-location (JWT_PUBLIC_KEY_LOCATION, written by ./pipeline stack up)");
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
