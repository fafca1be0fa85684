package io.consumidor.query.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The turns to read the stores: bounded, waited for in order, refused after the wait, always given back. */
class ReadLimiterTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aRequestBeyondTheLimitIsRefusedAfterTheWaitWithoutReadingAnything() throws Exception {
        ReadLimiter limiter = new ReadLimiter(1, 1, Duration.ofMillis(100));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> holder = hold(limiter, reading, finish);
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean ran = new AtomicBoolean();
        long started = System.nanoTime();
        assertThatThrownBy(() -> limiter.call("lender-a", () -> ran.getAndSet(true))).isInstanceOf(BusyException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(ran).isFalse();

        finish.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(limiter.reading()).isZero();
    }

    @Test
    void aWaitingRequestReadsAsSoonAsATurnIsGivenBack() throws Exception {
        ReadLimiter limiter = new ReadLimiter(1, 1, Duration.ofSeconds(10));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        hold(limiter, reading, finish);
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> limiter.call("lender-a", () -> "second"), threads);
        assertThat(waiting).isNotDone();
        finish.countDown();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void aFailedReadGivesItsTurnBack() {
        ReadLimiter limiter = new ReadLimiter(2, 2, Duration.ofMillis(10));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> limiter.call("lender-a", () -> {
                throw new IllegalStateException("store down");
            })).isInstanceOf(IllegalStateException.class);
        }
        assertThat(limiter.reading()).isZero();
        assertThat(limiter.call("lender-a", () -> "answered")).isEqualTo("answered");
    }

    @Test
    void aClientFloodingTheApiQueuesBehindItselfAndAnotherClientStillGetsATurn() throws Exception {
        ReadLimiter limiter = new ReadLimiter(4, 2, Duration.ofSeconds(2));
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch reading = new CountDownLatch(2);
        java.util.List<CompletableFuture<String>> flood = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flood.add(hold(limiter, reading, finish));
        }
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        // The other 18 keep trying for a while: the flooding client holds its share, and no more, throughout.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> limiter.reading() == 2);

        long started = System.nanoTime();
        assertThat(limiter.call("lender-b", () -> "answered")).isEqualTo("answered");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("without waiting for the flood").isLessThan(Duration.ofMillis(500));

        finish.countDown();
        for (CompletableFuture<String> request : flood) {
            assertThat(request.handle((value, error) -> value != null || error != null).get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(limiter.reading()).isZero();
    }

    @Test
    void aShareLargerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> new ReadLimiter(4, 5, Duration.ofSeconds(1))).hasMessageContaining("max-concurrent-reads-per-client");
    }

    private CompletableFuture<String> hold(ReadLimiter limiter, CountDownLatch reading, CountDownLatch finish) {
        return CompletableFuture.supplyAsync(() -> limiter.call("lender-a", () -> {
            reading.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "held";
        }), threads);
    }
}
