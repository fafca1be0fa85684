package io.consumidor.apisecurity;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    /** One fake time for both the token-expiry clock and the cache's ticker: tests move it instead of sleeping. */
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final Ticker ticker = elapsedNanos::get;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return START.plusNanos(elapsedNanos.get());
        }
    };

    private JwtDecoder decoder(Duration tokenLifetime, Duration maxAge) {
        Instant expiresAt = START.plus(tokenLifetime);
        JwtDecoder delegate = token -> {
            verifications.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("client").issuedAt(START).expiresAt(expiresAt).build();
        };
        return new CachingJwtDecoder(delegate, 100, maxAge, clock, ticker);
    }

    private void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }

    @Test
    void aVerifiedTokenIsVerifiedOnce() {
        JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofMinutes(5));
        assertThat(decoder.decode("good").getSubject()).isEqualTo("client");
        assertThat(decoder.decode("good").getSubject()).isEqualTo("client");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRejectedTokenIsVerifiedEveryTime() {
        JwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aCachedTokenIsDroppedWhenItExpires() {
        JwtDecoder decoder = decoder(Duration.ofSeconds(30), Duration.ofMinutes(5));
        decoder.decode("short-lived");
        advance(Duration.ofSeconds(29));
        decoder.decode("short-lived");
        assertThat(verifications).hasValue(1);
        advance(Duration.ofSeconds(2));
        decoder.decode("short-lived");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void noEntryOutlivesTheMaximumAge() {
        JwtDecoder decoder = decoder(Duration.ofHours(1), Duration.ofMinutes(5));
        decoder.decode("long-lived");
        advance(Duration.ofMinutes(5).plusSeconds(1));
        decoder.decode("long-lived");
        assertThat(verifications).hasValue(2);
    }
}
