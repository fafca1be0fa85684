package io.consumidor.ingest.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private final AtomicInteger verifications = new AtomicInteger();

    private JwtDecoder delegate(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            if (token.startsWith("bad")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("client").issuedAt(expiresAt.minusSeconds(60))
                    .expiresAt(expiresAt).build();
        };
    }

    @Test
    void aVerifiedTokenIsVerifiedOnce() {
        JwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(300)), 100, Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(decoder.decode("good").getSubject()).isEqualTo("client");
        assertThat(decoder.decode("good").getSubject()).isEqualTo("client");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRejectedTokenIsVerifiedEveryTime() {
        JwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(300)), 100, Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("bad-1")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aCachedTokenIsDroppedWhenItExpires() throws InterruptedException {
        JwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusMillis(300)), 100, Duration.ofMinutes(5), Clock.systemUTC());
        decoder.decode("short-lived");
        Thread.sleep(400);
        decoder.decode("short-lived");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void noEntryOutlivesTheMaximumAge() throws InterruptedException {
        JwtDecoder decoder = new CachingJwtDecoder(delegate(Instant.now().plusSeconds(3600)), 100, Duration.ofMillis(200), Clock.systemUTC());
        decoder.decode("long-lived");
        Thread.sleep(300);
        decoder.decode("long-lived");
        assertThat(verifications).hasValue(2);
    }
}
