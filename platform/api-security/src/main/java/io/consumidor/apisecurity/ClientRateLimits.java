package io.consumidor.apisecurity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (the token's {@code azp}, else its {@code sub}): {@code perSecond} requests a second
 * on average, bursts of up to {@code burst}. One client that floods an API spends its own bucket only, so the
 * others keep their share. Buckets live in a bounded cache and go after ten idle minutes, so the memory does not grow
 * with the number of clients ever seen.
 */
public final class ClientRateLimits {

    /**
     * An API's {@code rate-limit} settings: a safety net far above any one legitimate client's pace here (the
     * registration benchmark reaches ~800/s from one client), tuned down per deployment.
     *
     * @param perSecond requests a second one client may keep up
     * @param burst     requests one client may send at once after being idle
     */
    public record Settings(@DefaultValue("1000") double perSecond, @DefaultValue("2000") int burst) {

        public ClientRateLimits limits() {
            return new ClientRateLimits(perSecond, burst);
        }
    }

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    public ClientRateLimits(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    ClientRateLimits(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Empty when {@code client} may go on now; otherwise the seconds until it may (for {@code Retry-After}). */
    public OptionalLong take(String client) {
        Bucket bucket = buckets.get(client, c -> new Bucket(burst, nanoTime.getAsLong()));
        synchronized (bucket) {
            long now = nanoTime.getAsLong();
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of((long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        private Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
