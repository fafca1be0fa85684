package io.consumidor.apisecurity;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ClientRateLimits limits = new ClientRateLimits(2, 3, now::get);

    @Test
    void aClientMayBurstThenWaitsForItsRateWhileOthersKeepTheirs() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("flooder")).as("burst %d", i).isEmpty();
        }
        assertThat(limits.take("flooder")).isEqualTo(OptionalLong.of(1));
        assertThat(limits.take("neighbour")).as("another client's bucket is full").isEmpty();

        now.addAndGet(500_000_000L); // half a second: one token at 2 a second

        assertThat(limits.take("flooder")).isEmpty();
        assertThat(limits.take("flooder")).isPresent();
    }

    @Test
    void anIdleClientRefillsToItsBurstAndNoFurther() {
        for (int i = 0; i < 3; i++) {
            limits.take("client");
        }
        now.addAndGet(60_000_000_000L);

        for (int i = 0; i < 3; i++) {
            assertThat(limits.take("client")).isEmpty();
        }
        assertThat(limits.take("client")).isPresent();
    }
}
