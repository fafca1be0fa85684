package io.consumidor.apisecurity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers tokens that passed full verification until they expire (at most {@code maxAge}), so a client
 * that reuses its token does not pay an RSA verification on every request — on the registration hot path
 * that verification was the largest single cost. Only successes are cached: a token that fails is verified
 * again each time, and a cached token is dropped at its {@code exp}, exactly when the delegate would start
 * refusing it. Keys are the whole compact token, so a changed signature or claim is a different entry.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder delegate, long maxEntries, Duration maxAge, Clock clock) {
        this(delegate, maxEntries, maxAge, clock, Ticker.systemTicker());
    }

    /** {@code clock} judges the token's expiry, {@code ticker} ages cache entries; tests pass matching fakes. */
    CachingJwtDecoder(JwtDecoder delegate, long maxEntries, Duration maxAge, Clock clock, Ticker ticker) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(maxEntries)
                .expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> lifetime(jwt, maxAge, clock)))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached != null) {
            return cached;
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    private static Duration lifetime(Jwt jwt, Duration maxAge, Clock clock) {
        Duration left = Duration.between(Instant.now(clock), jwt.getExpiresAt());
        return left.isNegative() ? Duration.ZERO : (left.compareTo(maxAge) > 0 ? maxAge : left);
    }
}
